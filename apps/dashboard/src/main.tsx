import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

render(<App endpoint={location.origin} />, document.getElementById('app')!);

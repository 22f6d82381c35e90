import { startVitals } from './entry.ts';

// Script-tag build of the lazy chunk: hands itself to the SDK through the one global it owns.
const w = window as Window & { touchmap?: { _vitals?: (s: typeof startVitals) => void } };
w.touchmap?._vitals?.(startVitals);

import { mountHeader } from './site-header.ts';

mountHeader();

import { startSurvey } from './chunk.ts';

// Script-tag build of the lazy survey chunk: hands itself to the SDK through the one global it owns.
const w = window as Window & { touchmap?: { _survey?: (s: typeof startSurvey) => void } };
w.touchmap?._survey?.(startSurvey);

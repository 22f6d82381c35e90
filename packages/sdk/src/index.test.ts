import { expect, it } from 'vitest';
import * as sdk from './index.ts';

// The public surface is small on purpose (STYLE.md): a new export is a decision, not an accident.
it('exports exactly the documented API', () => {
  expect(Object.keys(sdk).sort()).toEqual(['consent', 'endSession', 'flush', 'init', 'segment', 'shutdown', 'step', 'touchpoint', 'track']);
});

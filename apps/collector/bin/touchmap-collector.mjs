#!/usr/bin/env -S node --max-semi-space-size=32
// (The flag: a bigger young generation for ingest; src/serve-flags.ts says why.)
// Runs the TypeScript sources directly (tsx): Node 20 has no native type stripping.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');

#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx): Node 20 has no native type stripping.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');

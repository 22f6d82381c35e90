// One build config, variants generated: the script tag (IIFE), its lazy web-vitals and survey
// chunks (IIFE), and the ESM package (both as dynamic-import chunks).
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { readFileSync, rmSync } from 'node:fs';

// Every build starts from an empty dist/: ESM chunks have hashed names, and stale ones piled up
// (and were counted by the bytes benchmark).
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

// Internal property names, shortened by terser: the list and its rules are in mangle.json.
const { props } = JSON.parse(readFileSync(new URL('./mangle.json', import.meta.url), 'utf8'));
const mangle = { properties: { regex: new RegExp(`^(${props.join('|')})$`) } };

// es2022 keeps class fields native: lowering them leaked helpers out of the IIFE (toolchain.md).
const plugins = (module) => [
  resolve({ browser: true }),
  esbuild({ target: 'es2022', tsconfig: '../../tsconfig.json' }),
  terser({ ecma: 2020, module, compress: { passes: 3 }, mangle, format: { comments: false } }),
];

const iife = (input, file) => ({
  input,
  output: { file, format: 'iife', sourcemap: true },
  plugins: plugins(false),
});

export default [
  iife('src/script-tag.ts', 'dist/touchmap.js'),
  iife('src/vitals/script.ts', 'dist/touchmap-vitals.js'),
  iife('src/survey/script.ts', 'dist/touchmap-survey.js'),
  {
    input: 'src/index.ts',
    output: { dir: 'dist/esm', format: 'es', sourcemap: true, chunkFileNames: '[name]-[hash].js' },
    plugins: plugins(true),
  },
];

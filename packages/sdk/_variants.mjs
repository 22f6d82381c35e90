import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const { props } = JSON.parse(readFileSync('mangle.json', 'utf8'));
const mangle = { properties: { regex: new RegExp(`^(${props.join('|')})$`) } };
const variants = {
  base: { ecma: 2020, compress: { passes: 3 }, mangle, format: { comments: false } },
  unsafe: { ecma: 2020, compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, unsafe_comps: true, pure_getters: true, hoist_props: true }, mangle, format: { comments: false } },
  toplevel: { ecma: 2020, toplevel: true, compress: { passes: 3, pure_getters: true }, mangle, format: { comments: false } },
  wrap: { ecma: 2020, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, mangle, format: { comments: false, wrap_func_args: false } },
  passes5: { ecma: 2020, compress: { passes: 5, pure_getters: true, unsafe_arrows: true, booleans_as_integers: false }, mangle, format: { comments: false } },
};
for (const [name, opts] of Object.entries(variants)) {
  const b = await rollup({ input: 'src/script-tag.ts', plugins: [resolve({ browser: true }), esbuild({ target: 'es2022', tsconfig: '../../tsconfig.json' }), terser(opts)] , onwarn(){} });
  const { output } = await b.generate({ format: 'iife' });
  const code = output[0].code;
  console.log(name.padEnd(10), code.length, gzipSync(code, { level: 9 }).length);
}
// esbuild minify alone
const b = await rollup({ input: 'src/script-tag.ts', plugins: [resolve({ browser: true }), esbuild({ target: 'es2022', tsconfig: '../../tsconfig.json', minify: true })], onwarn(){} });
const { output } = await b.generate({ format: 'iife' });
console.log('esbuild'.padEnd(10), output[0].code.length, gzipSync(output[0].code, { level: 9 }).length);

import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// One self-contained IIFE, `dist/touchmap-overlay.js`, that the collector serves and the SDK
// injects only when a researcher opens the overlay. No CSS file (styles are constructable
// stylesheets inside the shadow root), no eval, no inline script: it runs under a strict CSP.
export default defineConfig({
  plugins: [preact()],
  build: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    lib: {
      entry: 'src/main.ts',
      name: 'touchmapOverlay',
      formats: ['iife'],
      fileName: () => 'touchmap-overlay.js',
    },
  },
});

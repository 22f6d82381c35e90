import { copyFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** The SDK's script-tag builds, served and shipped at the site root as `/<name>`. */
const FILES = ['touchmap.js', 'touchmap.js.map', 'touchmap-vitals.js', 'touchmap-vitals.js.map', 'touchmap-survey.js', 'touchmap-survey.js.map'];

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', map: 'application/json; charset=utf-8' };

/**
 * Serves the sibling SDK build (`packages/sdk/dist`) at `/touchmap.js` and friends in the dev and
 * preview servers, and copies it into the shop's build output. The shop never bundles the SDK:
 * pages load it by script tag, exactly as a customer's site would.
 */
export function sdkFiles(sdkDist = '../../packages/sdk/dist'): Plugin {
  let dist = '';
  let outDir = '';

  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const name = (req.url ?? '').split(/[?#]/)[0]?.slice(1) ?? '';
    if (!FILES.includes(name)) return next();
    // Read on every request so a rebuilt SDK is picked up without restarting the server.
    readFile(join(dist, name)).then(
      (body) => {
        res.setHeader('Content-Type', TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-store');
        res.end(body);
      },
      () => {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`${name} not built yet: run the SDK build (pnpm --filter @touchmap/sdk build)`);
      },
    );
  };

  return {
    name: 'touchmap-sdk-files',
    configResolved(config) {
      dist = resolve(config.root, sdkDist);
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serve);
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve);
    },
    async writeBundle() {
      const present = FILES.filter((f) => existsSync(join(dist, f)));
      if (!present.includes('touchmap.js')) this.warn(`no SDK build in ${dist}; /touchmap.js will 404`);
      await Promise.all(present.map((f) => copyFile(join(dist, f), join(outDir, f))));
    },
  };
}

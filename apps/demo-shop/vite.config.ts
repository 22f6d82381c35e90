import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { sdkFiles } from './sdk-plugin.ts';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * `/checkout/shipping`, `/checkout/payment` and `/checkout/confirmation` are one page that routes
 * on the client, so every `/checkout/*` request gets `checkout.html`, as a production host would.
 */
function checkoutRoutes(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const [path = '', query] = (req.url ?? '').split('?');
    if (path === '/checkout' || path.startsWith('/checkout/')) req.url = '/checkout.html' + (query ? '?' + query : '');
    next();
  };
  return {
    name: 'demo-shop-checkout-routes',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

export default defineConfig({
  // Absolute asset URLs: checkout.html is served from /checkout/<step>, where relative ones would break.
  base: '/',
  appType: 'mpa',
  plugins: [sdkFiles(), checkoutRoutes()],
  build: {
    rolldownOptions: {
      input: {
        index: page('./index.html'),
        product: page('./product.html'),
        cart: page('./cart.html'),
        checkout: page('./checkout.html'),
        care: page('./care.html'),
      },
    },
  },
});

import { h, render } from 'preact';
import { App } from './app.tsx';
import { sheet } from './styles.ts';
import { density, drawDensity } from './heat/density.ts';
import { placePoints } from './heat/points.ts';
import { drawGone } from './heat/gone.ts';
import { createResolver } from './resolve.ts';

// For bench/overlay, which paints synthetic heatmaps through the same code.
export { createResolver, density, drawDensity, drawGone, placePoints };

/** The collector that served this script: `{endpoint}/overlay/touchmap-overlay.js`. */
const src = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
const endpoint = src.replace(/\/overlay\/touchmap-overlay\.js(\?.*)?$/, '');

/**
 * Opens the overlay: one custom element on <html> (fixed, covering the viewport, taking no
 * space, so the page's layout never moves) holding an open shadow root that page styles cannot
 * reach. Opening it twice does nothing.
 */
export function open(at = endpoint): void {
  if (document.querySelector('touchmap-overlay') || !at) return;
  const host = document.createElement('touchmap-overlay');
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [sheet()];
  document.documentElement.appendChild(host);
  const close = () => {
    try {
      sessionStorage.removeItem('touchmap:overlay');
    } catch {
      /* storage refused: nothing to forget */
    }
    render(null, shadow);
    host.remove();
  };
  render(h(App, { endpoint: at, close }), shadow);
}

// The bench page loads this file without a collector to paint synthetic points.
if (!(window as { touchmapOverlayNoOpen?: boolean }).touchmapOverlayNoOpen) open();

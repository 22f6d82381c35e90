/**
 * The heatmap painter. Points (x, y, weight in viewport CSS px) are accumulated into a density
 * grid of `cell` px squares, blurred with three box blurs (≈ a Gaussian, linear in the grid
 * size whatever the radius), mapped through a colour ramp and drawn scaled up onto the canvas.
 * The cost is O(points + grid cells): 100,000 points cost about what 10,000 do, where stamping a
 * gradient per point (the usual way) grows with every point.
 */
export interface HeatOptions {
  /** Grid cell, CSS px. */
  cell: number;
  /** Blur radius, CSS px. */
  radius: number;
  /** Opacity of the densest point, 0..1. */
  maxAlpha: number;
}

export const HEAT_DEFAULTS: HeatOptions = { cell: 4, radius: 24, maxAlpha: 0.75 };

/** 256 RGBA colours from transparent blue through green and yellow to red. */
function ramp(maxAlpha: number): Uint8ClampedArray {
  const stops: [number, number, number, number][] = [
    [0, 0, 0, 255],
    [0.25, 0, 200, 255],
    [0.5, 0, 220, 0],
    [0.75, 255, 220, 0],
    [1, 255, 0, 0],
  ];
  const out = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let s = 1;
    while (s < stops.length - 1 && stops[s]![0] < t) s++;
    const [t0, r0, g0, b0] = stops[s - 1]!;
    const [t1, r1, g1, b1] = stops[s]!;
    const f = (t - t0) / (t1 - t0 || 1);
    out.set([r0 + (r1 - r0) * f, g0 + (g1 - g0) * f, b0 + (b1 - b0) * f, Math.min(1, t * 3) * maxAlpha * 255], i * 4);
  }
  return out;
}

/** One box-blur pass along rows (`stride` 1) or columns (`stride` = width), radius r cells. */
function boxBlur(src: Float32Array, dst: Float32Array, w: number, h: number, r: number, horizontal: boolean) {
  const n = horizontal ? w : h;
  const lines = horizontal ? h : w;
  const step = horizontal ? 1 : w;
  const scale = 1 / (2 * r + 1);
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * w : line;
    let acc = 0;
    for (let i = -r; i <= r; i++) if (i >= 0 && i < n) acc += src[base + i * step]!;
    for (let i = 0; i < n; i++) {
      dst[base + i * step] = acc * scale;
      const add = i + r + 1;
      const drop = i - r;
      if (add < n) acc += src[base + add * step]!;
      if (drop >= 0) acc -= src[base + drop * step]!;
    }
  }
}

export interface DensityResult {
  /** The coloured grid, RGBA, one pixel per cell, to be drawn scaled by `cell`. */
  pixels: Uint8ClampedArray<ArrayBuffer>;
  /** Cells wide and high. */
  w: number;
  h: number;
}

/**
 * Paints `n` points (`xyw` holds x, y, weight triples) onto a width × height area. Pure, so it
 * is tested without a browser.
 */
export function density(xyw: Float32Array, n: number, width: number, height: number, o: HeatOptions = HEAT_DEFAULTS): DensityResult {
  const w = Math.max(1, Math.ceil(width / o.cell));
  const h = Math.max(1, Math.ceil(height / o.cell));
  const a = new Float32Array(w * h);
  const b = new Float32Array(w * h);
  for (let i = 0; i < n; i++) {
    const x = (xyw[i * 3]! / o.cell) | 0;
    const y = (xyw[i * 3 + 1]! / o.cell) | 0;
    if (x >= 0 && y >= 0 && x < w && y < h) a[y * w + x]! += xyw[i * 3 + 2]!;
  }
  const r = Math.max(1, Math.round(o.radius / o.cell / 2));
  for (let pass = 0; pass < 3; pass++) {
    boxBlur(a, b, w, h, r, true);
    boxBlur(b, a, w, h, r, false);
  }
  let max = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > max) max = a[i]!;
  const px = new Uint8ClampedArray(w * h * 4);
  if (max > 0) {
    const lut = ramp(o.maxAlpha);
    // Square root: one hot element would otherwise leave everything else invisible.
    const k = 255 / Math.sqrt(max);
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (v <= 0) continue;
      const c = Math.min(255, (Math.sqrt(v) * k) | 0) * 4;
      px[i * 4] = lut[c]!;
      px[i * 4 + 1] = lut[c + 1]!;
      px[i * 4 + 2] = lut[c + 2]!;
      px[i * 4 + 3] = lut[c + 3]!;
    }
  }
  return { pixels: px, w, h };
}

/** Draws a density result over the whole canvas (cleared first), smoothing the upscale. */
export function drawDensity(canvas: HTMLCanvasElement, d: DensityResult, o: HeatOptions = HEAT_DEFAULTS) {
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const small = new OffscreenCanvas(d.w, d.h);
  small.getContext('2d')!.putImageData(new ImageData(d.pixels, d.w, d.h), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, d.w * o.cell * (canvas.width / canvas.clientWidth || 1), d.h * o.cell * (canvas.height / canvas.clientHeight || 1));
}

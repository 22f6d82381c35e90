import type { StageReport } from '@touchmap/journey';

/**
 * Exports for teams outside the tool: CSV of what a view shows, and the journey map as SVG and
 * PNG. Hand-written on purpose: RFC 4180 quoting is three lines, and the SVG is generated from
 * the data (not a screenshot of the DOM), so it needs no library in the bundle.
 */
export function csv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const cell = (v: string | number | boolean | null | undefined) => {
    const s = v == null ? '' : String(v);
    // Quoted when needed; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
    const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Text for SVG/XML: page data never becomes markup. */
export const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const COL = 240;
const PAD = 16;

/** The journey map as a standalone SVG: stage columns, touchpoint cards, the emotion curve. */
export function mapSvg(site: string, stages: StageReport[], range: string): { svg: string; width: number; height: number } {
  const rows = Math.max(1, ...stages.map((s) => s.touchpoints.length));
  const width = PAD * 2 + stages.length * COL;
  const cardsTop = 150;
  const height = cardsTop + rows * 74 + 120;
  const out: string[] = [];
  const text = (x: number, y: number, s: string, attrs = '') => out.push(`<text x="${x}" y="${y}" ${attrs}>${xml(s)}</text>`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  text(PAD, 28, `Journey map · ${site} · ${range}`, 'font-size="18" font-weight="600"');
  stages.forEach((s, i) => {
    const x = PAD + i * COL;
    out.push(`<rect x="${x + 4}" y="44" width="${COL - 8}" height="${height - 60}" rx="8" fill="#f4f6fb"/>`);
    text(x + 14, 68, s.name ?? s.id, 'font-size="15" font-weight="600"');
    text(x + 14, 88, `${s.sessions} sessions · conversion ${s.conversion == null ? '–' : Math.round(s.conversion * 100) + '%'}`, 'font-size="12" fill="#4b5563"');
    text(x + 14, 106, `friction ${s.friction}`, 'font-size="12" fill="#4b5563"');
    s.touchpoints.forEach((t, j) => {
      const y = cardsTop + j * 74;
      out.push(`<rect x="${x + 12}" y="${y}" width="${COL - 24}" height="64" rx="6" fill="#ffffff" stroke="${t.momentOfTruth ? '#b45309' : '#d1d5db'}"/>`);
      text(x + 22, y + 20, (t.momentOfTruth ? '★ ' : '') + (t.name ?? t.id), 'font-size="13" font-weight="600"');
      text(x + 22, y + 38, `reach ${t.reach} · friction ${t.friction}`, 'font-size="12" fill="#374151"');
      text(x + 22, y + 54, `conversion ${t.conversion == null ? '–' : Math.round(t.conversion * 100) + '%'}`, 'font-size="12" fill="#374151"');
    });
  });
  // The behavioural emotion curve along the bottom, −1 … 1.
  const base = height - 70;
  const pts = stages.map((s, i) => (s.emotion.behaviour == null ? null : [PAD + i * COL + COL / 2, base - s.emotion.behaviour * 40] as const)).filter((p) => p !== null);
  out.push(`<line x1="${PAD}" x2="${width - PAD}" y1="${base}" y2="${base}" stroke="#9ca3af" stroke-dasharray="4 3"/>`);
  if (pts.length) out.push(`<polyline fill="none" stroke="#2563eb" stroke-width="3" points="${pts.map(([x, y]) => `${x},${y}`).join(' ')}"/>`);
  for (const [x, y] of pts) out.push(`<circle cx="${x}" cy="${y}" r="4" fill="#2563eb"/>`);
  text(PAD, height - 12, 'emotion (behaviour): progressed − hit friction, per stage', 'font-size="11" fill="#6b7280"');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">${out.join('')}</svg>`;
  return { svg, width, height };
}

/** Rasterises an SVG to a PNG blob in the browser (the same drawing, for slides and tickets). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  URL.revokeObjectURL(img.src);
  return new Promise((done, fail) => canvas.toBlob((b) => (b ? done(b) : fail(new Error('could not encode PNG'))), 'image/png'));
}

/** Starts a download of `data` as `name`. */
export function download(name: string, data: Blob | string, type = 'text/csv;charset=utf-8') {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(typeof data === 'string' ? new Blob([data], { type }) : data);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

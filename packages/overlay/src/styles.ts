/**
 * The overlay's only styles, adopted by its shadow root as a constructable stylesheet (no
 * <style> or inline style attribute a strict CSP would refuse; positions are set through the
 * CSSOM, which CSP does not restrict). `:host` resets everything the page could pass down:
 * `all: initial !important` beats any page rule on the host element, and inherited properties
 * (font, colour, line height) then start from the initial values.
 */
export const CSS = `
:host { all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important;
  display: block !important; pointer-events: none !important; contain: strict !important; }
* { box-sizing: border-box; }
.root { position: absolute; inset: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; }
canvas.heat { position: absolute; left: 0; top: 0; pointer-events: none; }
.fold { position: absolute; left: 0; pointer-events: none; border-top: 2px dashed #7a3cff; }
.fold span { position: absolute; left: 8px; top: -20px; background: #7a3cff; color: #fff; font-size: 11px; padding: 1px 6px; border-radius: 3px; }
.marker { position: absolute; pointer-events: auto; border-radius: 50%; border: 2px solid #fff; background: rgba(220, 38, 38, 0.85);
  color: #fff; font: 600 11px/1 system-ui, sans-serif; display: flex; align-items: center; justify-content: center; cursor: help;
  box-shadow: 0 1px 4px rgba(0,0,0,.4); padding: 0; transform: translate(-50%, -50%); }
.marker.dead { background: rgba(234, 88, 12, 0.9); }
.marker.errclick { background: rgba(124, 58, 237, 0.9); }
.marker.focus { outline: 3px solid #facc15; outline-offset: 3px; }
.marker:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
.tip { position: absolute; pointer-events: none; background: #111827; color: #f9fafb; padding: 8px 10px; border-radius: 6px;
  max-width: 320px; font-size: 12px; box-shadow: 0 4px 14px rgba(0,0,0,.3); overflow-wrap: anywhere; }
.tip b { color: #fff; }
.tip .sel { font-family: ui-monospace, Menlo, monospace; color: #cbd5e1; }
.highlight { position: absolute; pointer-events: none; outline: 2px solid #2563eb; background: rgba(37, 99, 235, 0.12); }
.panel { position: absolute; top: 0; right: 0; bottom: 0; width: 360px; pointer-events: auto; background: #fbfbfd; border-left: 1px solid #d5d8e0;
  box-shadow: -4px 0 18px rgba(0,0,0,.12); display: flex; flex-direction: column; }
.panel.folded { top: 12px; bottom: auto; width: auto; background: transparent; border: 0; box-shadow: none; right: 12px; }
.panel header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #1d2330; color: #fff; }
.panel header strong { font-size: 14px; }
.panel header .where { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #c7ccd8; font-size: 12px; }
.panel .body { overflow: auto; padding: 8px 12px 16px; flex: 1; }
.panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5b6170; margin: 14px 0 6px; }
.panel label { display: flex; align-items: center; gap: 6px; margin: 4px 0; }
.panel select, .panel input[type=text], .panel input[type=password] { font: inherit; padding: 3px 6px; border: 1px solid #b8bdc9; border-radius: 4px; background: #fff; color: inherit; }
.panel input[type=text], .panel input[type=password] { width: 100%; }
.grid { display: grid; grid-template-columns: auto 1fr; gap: 4px 8px; align-items: center; }
button { font: inherit; cursor: pointer; }
.btn { border: 1px solid #b8bdc9; background: #fff; color: #1d2330; border-radius: 4px; padding: 4px 10px; }
.btn.primary { background: #2563eb; border-color: #2563eb; color: #fff; }
.btn[aria-pressed=true] { background: #dbe6fd; border-color: #2563eb; }
header .btn { background: transparent; color: #fff; border-color: #5b6170; }
header .btn[aria-pressed=true] { background: #2563eb; border-color: #93b4f5; color: #fff; }
.inspector label { display: flex; align-items: center; gap: 6px; margin: 6px 0; }
.inspector input[type=text], .inspector select { font: inherit; padding: 3px 6px; border-radius: 4px; border: 1px solid #5b6170; }
.inspector form { margin-top: 8px; border-top: 1px solid #374151; padding-top: 6px; }
.btn:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
.list { list-style: none; margin: 0; padding: 0; }
.list li { padding: 6px 0; border-bottom: 1px solid #e6e8ee; }
.row { display: flex; justify-content: space-between; gap: 8px; }
.muted { color: #6b7180; font-size: 12px; }
.mono { font-family: ui-monospace, Menlo, monospace; font-size: 12px; overflow-wrap: anywhere; }
.stage { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: #e8ecf7; color: #34406b; }
.mot { color: #b45309; font-size: 11px; font-weight: 600; }
.up { color: #b91c1c; } .down { color: #15803d; }
.bar { height: 6px; background: #e6e8ee; border-radius: 3px; overflow: hidden; margin-top: 3px; }
.bar i { display: block; height: 100%; background: #2563eb; }
.error { color: #b91c1c; margin: 6px 0; }
.note { background: #fff7e6; border: 1px solid #f3d9a4; padding: 6px 8px; border-radius: 4px; margin: 6px 0; }
`;

/** The stylesheet, built once per document. */
export function sheet(): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(CSS);
  return s;
}

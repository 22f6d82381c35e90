/**
 * Points on elements that are gone, drawn where they were recorded (page coordinates) and
 * drawn differently from the heat — grey squares with a dashed edge — so nobody mistakes them
 * for clicks on whatever is there now. On the canvas, not as elements: there can be thousands.
 */
export function drawGone(canvas: HTMLCanvasElement, cells: [number, number, number, number][]) {
  const ctx = canvas.getContext('2d')!;
  ctx.save();
  ctx.fillStyle = 'rgba(91, 97, 112, 0.22)';
  ctx.strokeStyle = 'rgba(60, 64, 75, 0.8)';
  ctx.setLineDash([3, 2]);
  ctx.lineWidth = 1;
  // One path for every square: one fill and one stroke, however many there are.
  ctx.beginPath();
  for (const [x, y, size] of cells) {
    if (x + size < 0 || y + size < 0 || x > canvas.width || y > canvas.height) continue;
    ctx.rect(x + 0.5, y + 0.5, size - 1, size - 1);
  }
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}

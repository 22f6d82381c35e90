import type { StageReport } from '@touchmap/journey';

/**
 * The emotion curve across stages, in plain SVG (a chart library would weigh more than this):
 * behaviour (progressed − hit friction, −1…1) and, where customers answered the micro-survey,
 * their answers on the same scale, side by side.
 */
export function EmotionChart({ stages }: { stages: StageReport[] }) {
  const w = Math.max(320, stages.length * 160);
  const h = 160;
  const x = (i: number) => 40 + (i + 0.5) * ((w - 60) / stages.length);
  const y = (v: number) => h / 2 - v * (h / 2 - 20);
  const line = (vals: (number | null)[]) =>
    vals
      .map((v, i) => (v == null ? null : `${x(i)},${y(v)}`))
      .filter(Boolean)
      .join(' ');
  const behaviour = stages.map((s) => s.emotion.behaviour);
  const survey = stages.map((s) => s.emotion.survey?.score ?? null);
  return (
    <figure class="emotion">
      <figcaption>Emotion across the journey</figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label="Emotion curve per stage">
        <line x1={30} x2={w - 10} y1={y(0)} y2={y(0)} class="axis" />
        <text x={2} y={y(1) + 4} class="tick">+1</text>
        <text x={6} y={y(0) + 4} class="tick">0</text>
        <text x={2} y={y(-1) + 4} class="tick">−1</text>
        <polyline points={line(behaviour)} class="behaviour" />
        {survey.some((v) => v != null) && <polyline points={line(survey)} class="survey" />}
        {stages.map((s, i) => (
          <g key={s.id}>
            {s.emotion.behaviour != null && <circle cx={x(i)} cy={y(s.emotion.behaviour)} r={4} class="behaviour-dot" />}
            {s.emotion.survey && <rect x={x(i) - 4} y={y(s.emotion.survey.score) - 4} width={8} height={8} class="survey-dot" />}
            <text x={x(i)} y={h - 4} text-anchor="middle" class="tick">
              {s.name ?? s.id}
            </text>
          </g>
        ))}
      </svg>
      <p class="legend">
        <span class="key behaviour-key" /> behaviour (progressed − hit friction) <span class="key survey-key" /> survey answers (1–5 mapped to −1…1)
      </p>
    </figure>
  );
}

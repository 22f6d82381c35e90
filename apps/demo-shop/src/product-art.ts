// Inline SVG drawings instead of photos: no network requests, and pixel-identical on every run.
const DRAWINGS: Record<number, string> = {
  1: `<path d="M97 74 C97 28 143 28 143 74" fill="none" stroke="#8a7350" stroke-width="7" stroke-linecap="round"/>
      <path d="M70 70 H170 L162 156 H78 Z" fill="#efe4cf" stroke="#8a7350" stroke-width="3" stroke-linejoin="round"/>
      <rect x="100" y="96" width="40" height="30" rx="3" fill="none" stroke="#b59b72" stroke-width="2.5" stroke-dasharray="5 4"/>`,
  2: `<path d="M86 38 L106 30 Q120 44 134 30 L154 38 L182 68 L162 84 L153 74 V152 H87 V74 L78 84 L58 68 Z" fill="#9db89b" stroke="#56735a" stroke-width="3" stroke-linejoin="round"/>
      <path d="M106 30 L120 56 L134 30" fill="none" stroke="#56735a" stroke-width="3" stroke-linejoin="round"/>
      <g fill="#f4f1ea"><circle cx="120" cy="74" r="3"/><circle cx="120" cy="96" r="3"/><circle cx="120" cy="118" r="3"/><circle cx="120" cy="140" r="3"/></g>`,
  3: `<circle cx="120" cy="40" r="13" fill="#e3a07f"/>
      <path d="M70 122 Q70 50 120 50 Q170 50 170 122 Z" fill="#c8693f"/>
      <g stroke="#a9522d" stroke-width="3"><path d="M96 60 V120"/><path d="M120 52 V120"/><path d="M144 60 V120"/></g>
      <rect x="63" y="114" width="114" height="32" rx="8" fill="#a9522d"/>`,
  4: `<rect x="62" y="46" width="92" height="60" rx="6" fill="#f4f1ea" stroke="#b9b2a5" stroke-width="2" transform="rotate(-8 108 76)"/>
      <rect x="58" y="62" width="124" height="80" rx="12" fill="#c58b55" stroke="#8c5a2f" stroke-width="3"/>
      <rect x="68" y="72" width="104" height="60" rx="7" fill="none" stroke="#f1d2ae" stroke-width="2" stroke-dasharray="5 4"/>
      <path d="M120 62 V142" stroke="#8c5a2f" stroke-width="2"/>`,
  5: `<g fill="none" stroke="#9aa3ae" stroke-width="3" stroke-linecap="round"><path d="M100 46 q-8 -10 0 -20"/><path d="M120 46 q-8 -10 0 -20"/><path d="M140 46 q-8 -10 0 -20"/></g>
      <path d="M158 80 C190 80 190 128 158 128" fill="none" stroke="#4f5a68" stroke-width="11"/>
      <rect x="76" y="56" width="86" height="98" rx="12" fill="#5f6b7a"/>
      <g fill="#c9d0d8"><circle cx="96" cy="80" r="2"/><circle cx="130" cy="72" r="2"/><circle cx="112" cy="104" r="2"/><circle cx="146" cy="118" r="2"/><circle cx="92" cy="134" r="2"/><circle cx="126" cy="140" r="2"/></g>`,
  6: `<path d="M108 26 H146 V104 Q146 116 158 120 L180 128 Q196 134 192 150 Q188 164 170 160 L124 150 Q100 144 104 118 Z" fill="#e7b94c" stroke="#a7812a" stroke-width="3" stroke-linejoin="round"/>
      <path d="M108 40 H146 M108 52 H146" stroke="#a7812a" stroke-width="4"/>
      <path d="M62 34 H100 V112 Q100 124 112 128 L134 136 Q150 142 146 158 Q142 172 124 168 L78 158 Q54 152 58 126 Z" fill="#7d9cc4" stroke="#4c6a91" stroke-width="3" stroke-linejoin="round"/>
      <path d="M62 48 H100 M62 60 H100" stroke="#4c6a91" stroke-width="4"/>`,
};

/** The product's drawing as an SVG string; decorative, the product name is always next to it. */
export function productArt(id: number): string {
  return `<svg class="art-svg" viewBox="0 0 240 180" aria-hidden="true" focusable="false">${DRAWINGS[id] ?? ''}</svg>`;
}

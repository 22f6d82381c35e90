import { describe, expect, it } from 'vitest';
import { csv, mapSvg } from './export.ts';

describe('exports', () => {
  it('CSV quotes what needs quoting and never lets a cell become a formula', () => {
    expect(csv(['a', 'b'], [['x,y', 'say "hi"'], [1, null], ['=HYPERLINK("x")', 'line\nbreak']])).toBe(
      'a,b\r\n"x,y","say ""hi"""\r\n1,\r\n"\'=HYPERLINK(""x"")","line\nbreak"\r\n',
    );
  });

  it('the SVG map carries every stage and touchpoint, page text escaped', () => {
    const stage = (id: string, tps: string[]) => ({
      id, sessions: 10, conversion: 0.5, progressed: 0.5, friction: 12, emotion: { behaviour: 0.2, survey: null },
      touchpoints: tps.map((t) => ({ id: t, name: t, stage: id, momentOfTruth: t === 'pay', reach: 5, conversion: 0.4, friction: 3, topSignals: [], topElements: [] })),
    });
    const { svg } = mapSvg('demo', [stage('decision', ['cart', 'pay']), stage('support', ['<img src=x onerror=alert(1)>'])], 'last 30 days');
    expect(svg).toContain('>decision<');
    expect(svg).toContain('★ pay');
    expect(svg).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(svg).not.toContain('<img');
    expect(svg.match(/<polyline/g)).toHaveLength(1);
  });
});

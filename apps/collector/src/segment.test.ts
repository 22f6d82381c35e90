import { describe, expect, it } from 'vitest';
import { trafficSource, viewportBand } from './segment.ts';

describe('segments', () => {
  it('bands viewports at 640, 1024 and 1440 px', () => {
    expect([320, 639, 640, 1023, 1024, 1439, 1440, 2560].map(viewportBand)).toEqual(['s', 's', 'm', 'm', 'l', 'l', 'xl', 'xl']);
  });
  it('names the source by utm_source, then referrer host, else direct', () => {
    expect(trafficSource(' Newsletter ', 'https://www.google.com/search')).toBe('newsletter');
    expect(trafficSource(undefined, 'https://www.google.com/search')).toBe('google.com');
    expect(trafficSource(undefined, 'https://news.ycombinator.com/item')).toBe('news.ycombinator.com');
    expect(trafficSource(undefined, 'not a url')).toBe('other');
    expect(trafficSource(undefined, undefined)).toBe('direct');
  });
});

import { describe, expect, it } from 'vitest';
import { apiParams, parseState, stateQuery } from './state.ts';

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;

describe('view state in the URL', () => {
  it('round-trips: a shared link reproduces the same view', () => {
    const s = parseState('?site=shop&view=pain&from=1700000000000&to=1700600000000&compare=1&device=mobile&source=google.com&funnel=checkout', NOW);
    expect(s).toEqual({ site: 'shop', view: 'pain', from: 1_700_000_000_000, to: 1_700_600_000_000, compare: true, device: 'mobile', visitor: '', source: 'google.com', viewport: '', funnel: 'checkout' });
    expect(parseState(`?${stateQuery(s)}`, NOW + 5 * DAY)).toEqual(s);
  });

  it('defaults to the journey map of the last 30 days, and ignores what it does not know', () => {
    expect(parseState('?view=hack&device=fridge&from=abc&viewport=<b>', NOW)).toMatchObject({ view: 'map', from: NOW - 30 * DAY, to: NOW, device: '', viewport: '' });
  });

  it('asks the API for the period before when comparing', () => {
    const s = parseState(`?from=${NOW - 7 * DAY}&to=${NOW}&compare=1&visitor=new`, NOW);
    expect(apiParams(s)).toEqual({ from: String(NOW - 7 * DAY), to: String(NOW), visitor: 'new', compareFrom: String(NOW - 14 * DAY), compareTo: String(NOW - 7 * DAY) });
  });
});

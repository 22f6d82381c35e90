import { describe, expect, it } from 'vitest';
import { wellFormedJson } from './well-formed.ts';

describe('wellFormedJson', () => {
  it('replaces lone surrogates anywhere in the document', () => {
    const text = '{"events":[{"tx":"Buy \\ud83d","sel":"#a","props":{"\\udc00k":["x\\ud800"]}}]}';
    expect(wellFormedJson(text, JSON.parse(text))).toEqual({ events: [{ tx: 'Buy \ufffd', sel: '#a', props: { '\ufffdk': ['x\ufffd'] } }] });
  });
  it('keeps escaped pairs and leaves ordinary documents untouched', () => {
    const pair = '{"tx":"\\ud83d\\ude00"}';
    expect(wellFormedJson(pair, JSON.parse(pair))).toEqual({ tx: '😀' });
    const plain = JSON.parse('{"a":"b"}');
    expect(wellFormedJson('{"a":"b"}', plain)).toBe(plain);
  });
});

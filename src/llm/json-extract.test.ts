import { describe, expect, it } from 'vitest';
import { extractJson } from './json-extract.js';

describe('extractJson', () => {
  it('parses bare JSON, fenced JSON and JSON inside prose', () => {
    expect(extractJson(' {"a":1} ')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson('Sure!\n```json\n{"a":2}\n```')).toEqual({ ok: true, value: { a: 2 } });
    expect(extractJson('The answer is {"a":{"b":"}"}} as requested.')).toEqual({
      ok: true,
      value: { a: { b: '}' } },
    });
    expect(extractJson('list: [1, 2, 3].')).toEqual({ ok: true, value: [1, 2, 3] });
  });

  it('skips a broken candidate and finds the next one', () => {
    expect(extractJson('{oops} then {"ok":true}')).toEqual({ ok: true, value: { ok: true } });
  });

  it('explains what it could not find', () => {
    expect(extractJson('')).toEqual({ ok: false, reason: 'the answer was empty' });
    expect(extractJson('no json {here')).toMatchObject({ ok: false });
  });
});

import { describe, expect, it } from 'vitest';
import { isoTextType } from './temporal-text.js';
import type { ColumnProfile } from './types.js';

const profile = (values: string[], extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
  name: 'c',
  type: 'string',
  rowsProfiled: 100,
  nullRate: 0,
  distinctCount: values.length,
  distinctRatio: 1,
  min: [...values].sort()[0],
  max: [...values].sort().at(-1),
  samples: values,
  ...extra,
});

describe('ISO-8601 text on SQLite', () => {
  it('recognises dates and timestamps (T or space, seconds, fractions, offsets)', () => {
    expect(isoTextType(profile(['2024-01-31', '2023-12-01']))).toBe('date');
    expect(isoTextType(profile(['2024-01-31T10:00:00Z', '2024-02-01 08:30']))).toBe('time');
    expect(isoTextType(profile(['2024-01-31T10:00:00.123+02:00', '2024-01-31']))).toBe('time');
  });

  it('leaves anything else alone: other text, masked or empty columns, typed columns', () => {
    expect(isoTextType(profile(['2024-01-31', 'soon']))).toBeUndefined();
    expect(isoTextType(profile(['20240131', '20240201']))).toBeUndefined();
    expect(isoTextType(profile(['2024-13-45x']))).toBeUndefined();
    expect(isoTextType(profile([], { distinctCount: 0, min: null, max: null }))).toBeUndefined();
    expect(isoTextType(profile(['2024-01-31'], { sensitive: 'secret' }))).toBeUndefined();
    expect(isoTextType(profile(['2024-01-31'], { type: 'number' }))).toBeUndefined();
  });
});

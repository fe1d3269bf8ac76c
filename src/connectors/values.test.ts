import { describe, expect, it } from 'vitest';
import {
  bytesValue,
  dateFromDays,
  decimalValue,
  dynamicValue,
  floatValue,
  integerValue,
  normalizeType,
  timestampFromMicros,
  timestampValue,
} from './values.js';

describe('value normalisation', () => {
  it('keeps integers as numbers only while they are exact', () => {
    expect(integerValue(42n)).toBe(42);
    expect(integerValue('-9007199254740991')).toBe(-9007199254740991);
    expect(integerValue(9007199254740993n)).toBe('9007199254740993');
    expect(integerValue('18446744073709551615')).toBe('18446744073709551615');
  });

  it('turns decimals into numbers only when no digit is lost', () => {
    expect(decimalValue('12.30')).toBe(12.3);
    expect(decimalValue('-0.000')).toBe(0);
    expect(decimalValue('0.1')).toBe(0.1);
    expect(decimalValue('12345678901234567.89')).toBe('12345678901234567.89');
    expect(decimalValue('00012.5000')).toBe(12.5);
    expect(decimalValue('NaN')).toBe('NaN');
  });

  it('keeps JSON-unsafe floats as text', () => {
    expect(floatValue(Number.NaN)).toBe('NaN');
    expect(floatValue(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(floatValue(-0)).toBe(0);
    expect(floatValue(1.5)).toBe(1.5);
  });

  it('prints timestamps as ISO 8601, UTC with Z for zoned types, trimming zero fractions', () => {
    expect(timestampValue('2024-01-02 03:04:05', false)).toBe('2024-01-02T03:04:05');
    expect(timestampValue('2024-01-02 03:04:05.120000', false)).toBe('2024-01-02T03:04:05.12');
    expect(timestampValue('2024-01-02 03:04:05+00', true)).toBe('2024-01-02T03:04:05Z');
    expect(timestampValue('2024-01-02T03:04:05Z', true)).toBe('2024-01-02T03:04:05Z');
    expect(timestampValue('2024-01-02 03:04:05.5+05:30', true)).toBe('2024-01-01T21:34:05.5Z');
    expect(timestampValue('2024-01-02 00:30:00-0200', true)).toBe('2024-01-02T02:30:00Z');
    expect(timestampValue('infinity', true)).toBe('infinity');
    expect(timestampFromMicros(1_704_164_645_123_456n, true)).toBe('2024-01-02T03:04:05.123456Z');
    expect(timestampFromMicros(-1n, false)).toBe('1969-12-31T23:59:59.999999');
  });

  it('prints dates, binary and unknown values predictably', () => {
    expect(dateFromDays(19_782)).toBe('2024-02-29');
    expect(bytesValue(new Uint8Array([0xde, 0xad]))).toBe('\\xdead');
    expect(dynamicValue(3n)).toBe(3);
    expect(dynamicValue(2.5)).toBe(2.5);
    expect(dynamicValue(Buffer.from([1]))).toBe('\\x01');
    expect(dynamicValue(undefined)).toBeNull();
  });

  it('normalises native type names for the semantic layer', () => {
    expect(normalizeType('NUMERIC(12,2)')).toBe('number');
    expect(normalizeType('bigint unsigned')).toBe('number');
    expect(normalizeType('double precision')).toBe('number');
    expect(normalizeType('tinyint(1)')).toBe('boolean');
    expect(normalizeType('BOOLEAN')).toBe('boolean');
    expect(normalizeType('TIMESTAMP WITH TIME ZONE')).toBe('time');
    expect(normalizeType('timestamptz')).toBe('time');
    expect(normalizeType('DATETIME')).toBe('time');
    expect(normalizeType('date')).toBe('date');
    expect(normalizeType('time')).toBe('string');
    expect(normalizeType('INTEGER[]')).toBe('string');
    expect(normalizeType('NVARCHAR(40)')).toBe('string');
    expect(normalizeType(null)).toBe('string');
  });
});

import { describe, expect, it } from 'vitest';
import { detectSensitive, maskProfile, maskValue } from './sensitive.js';

describe('sensitive values', () => {
  it('detects secrets and personal data by name', () => {
    expect(detectSensitive('PasswordHash', [], { personTable: false })).toBe('secret');
    expect(detectSensitive('api_token', [], { personTable: false })).toBe('token');
    expect(detectSensitive('EmailAddress', [], { personTable: false })).toBe('email');
    expect(detectSensitive('HomePhone', [], { personTable: false })).toBe('phone');
    expect(detectSensitive('first_name', [], { personTable: false })).toBe('person_name');
    expect(detectSensitive('name', [], { personTable: true })).toBe('person_name');
    expect(detectSensitive('name', [], { personTable: false })).toBeUndefined();
  });

  it('does not flag references or categories named after personal data', () => {
    expect(detectSensitive('address_id', [], { personTable: false })).toBeUndefined();
    expect(detectSensitive('AddressType', [], { personTable: false })).toBeUndefined();
  });

  it('detects by values when the name says nothing', () => {
    expect(detectSensitive('contact', ['ann@example.com', 'bob@example.org'], { personTable: false })).toBe(
      'email',
    );
    expect(detectSensitive('x', ['+1 (555) 010-2000', '+44 20 7946 0000'], { personTable: false })).toBe(
      'phone',
    );
    expect(detectSensitive('y', ['4111 1111 1111 1111', '5500-0000-0000-0004'], { personTable: false })).toBe(
      'card',
    );
    expect(
      detectSensitive('id', ['50a2d1c4-d788-4498-a6f7-dd75d4db588f'], { personTable: false }),
    ).toBeUndefined();
  });

  it('masks values but keeps their shape', () => {
    expect(maskValue('jane@example.com', 'email')).toBe('j***@example.com');
    expect(maskValue('+1 555 010 2042', 'phone')).toBe('***42');
    expect(maskValue('Jane Doe', 'person_name')).toBe('J*** D***');
    expect(maskValue('hunter2', 'secret')).toBe('[masked]');
  });

  it('masks every value a profile exposes', () => {
    const masked = maskProfile(
      {
        name: 'email',
        type: 'string',
        rowsProfiled: 2,
        nullRate: 0,
        distinctCount: 2,
        distinctRatio: 1,
        min: 'ann@a.io',
        max: 'zed@z.io',
        samples: ['ann@a.io', 'zed@z.io'],
        topValues: [{ value: 'ann@a.io', count: 1 }],
      },
      'email',
    );
    expect(JSON.stringify(masked)).not.toMatch(/ann@|zed@/);
    expect(masked.sensitive).toBe('email');
  });
});

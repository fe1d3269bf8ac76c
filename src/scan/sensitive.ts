import { tokens } from './keys/names.js';
import type { ColumnProfile } from './types.js';

/**
 * Which columns hold secrets or personal data, judged from the column name and a few sampled
 * values, and how their values are masked in the snapshot. Secrets, tokens and card numbers
 * are always masked; personal data (emails, phones, names, street addresses) is masked unless
 * `scan.mask_pii: false`.
 */

export type Sensitivity = NonNullable<ColumnProfile['sensitive']>;

const ALWAYS_MASKED = new Set<Sensitivity>(['secret', 'token', 'card']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const PHONE = /^\+?[\d\s().-]{7,}$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const TOKENISH = /^[A-Za-z0-9+/=_-]{24,}$/;

function joined(name: string): string {
  return tokens(name).join('_');
}

/** Last tokens that make a column a reference or a category, not the personal value itself. */
const NOT_A_VALUE = new Set([
  'id',
  'key',
  'code',
  'type',
  'kind',
  'status',
  'count',
  'flag',
  'date',
  'at',
  'verified',
]);

function byName(name: string, personTable: boolean): Sensitivity | undefined {
  const n = joined(name);
  if (NOT_A_VALUE.has(n.split('_').at(-1) ?? '')) return undefined;
  if (
    /(^|_)(password|passwd|pwd|passphrase|pass_hash|salt|secret|private_key|ssn|social_security)(_|$)/.test(n)
  )
    return 'secret';
  if (/(^|_)(api_key|apikey|access_key|token|session_id|auth|otp|refresh_token)(_|$)/.test(n)) return 'token';
  if (/(^|_)(card_number|cc_number|credit_card|pan|iban|cvv|cvc)(_|$)/.test(n)) return 'card';
  if (/(^|_)(e_?mail|email_address)(_|$)/.test(n)) return 'email';
  if (/(^|_)(phone|mobile|fax|telephone|tel|cell)(_|$)/.test(n)) return 'phone';
  if (
    /(^|_)(first|last|middle|full|given|family|maiden|contact)_name(_|$)|(^|_)(surname|firstname|lastname)(_|$)/.test(
      n,
    )
  )
    return 'person_name';
  if (personTable && /^(name|display_name)$/.test(n)) return 'person_name';
  if (
    /(^|_)(street|address_line|address_?\d|address)(_|$)/.test(n) &&
    !/(ip|mac|email|web|url)_?address/.test(n)
  )
    return 'address';
  return undefined;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function byValues(values: string[]): Sensitivity | undefined {
  if (values.length === 0) return undefined;
  const share = (test: (value: string) => boolean) => values.filter(test).length / values.length;
  if (share((value) => EMAIL.test(value)) >= 0.6) return 'email';
  if (
    share((value) => {
      const digits = value.replace(/\D/g, '');
      return /^\d{13,19}$/.test(value.replace(/[\s-]/g, '')) && luhn(digits);
    }) >= 0.6
  )
    return 'card';
  if (
    share((value) => {
      const digits = value.replace(/\D/g, '');
      // Dots alone do not make a phone number (versions, IP addresses, decimals).
      return PHONE.test(value) && digits.length >= 9 && digits.length <= 15 && /[\s()+-]/.test(value);
    }) >= 0.6
  )
    return 'phone';
  if (
    share((value) => TOKENISH.test(value) && !UUID.test(value) && /\d/.test(value) && /[a-z]/i.test(value)) >=
    0.6
  )
    return 'token';
  return undefined;
}

export function detectSensitive(
  columnName: string,
  samples: string[],
  options: { personTable: boolean },
): Sensitivity | undefined {
  return byName(columnName, options.personTable) ?? byValues(samples);
}

export function isMasked(kind: Sensitivity, maskPii: boolean): boolean {
  return ALWAYS_MASKED.has(kind) || maskPii;
}

/** Masks one value, keeping just enough shape to be recognisable (`j***@example.com`). */
export function maskValue(value: string, kind: Sensitivity): string {
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      return at > 0 ? `${value[0]}***${value.slice(at)}` : '***';
    }
    case 'phone': {
      const digits = value.replace(/\D/g, '');
      return `***${digits.slice(-2)}`;
    }
    case 'card': {
      const digits = value.replace(/\D/g, '');
      return `****${digits.slice(-4)}`;
    }
    case 'person_name':
      return value
        .split(/\s+/)
        .filter(Boolean)
        .map((part) => `${part[0]}***`)
        .join(' ');
    case 'address':
      return '***';
    default:
      return '[masked]';
  }
}

/** Applies masking to every value a profile exposes (samples, top values, min and max). */
export function maskProfile(profile: ColumnProfile, kind: Sensitivity): ColumnProfile {
  const mask = (value: unknown) =>
    value === null || value === undefined ? value : maskValue(String(value), kind);
  const masked: ColumnProfile = { ...profile, sensitive: kind };
  if (masked.samples) masked.samples = [...new Set(masked.samples.map((value) => maskValue(value, kind)))];
  if (masked.topValues)
    masked.topValues = masked.topValues.map((entry) => ({ ...entry, value: maskValue(entry.value, kind) }));
  if (masked.min !== undefined) masked.min = mask(masked.min) as ColumnProfile['min'];
  if (masked.max !== undefined) masked.max = mask(masked.max) as ColumnProfile['max'];
  return masked;
}

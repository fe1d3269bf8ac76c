/**
 * Process-wide redaction. Every resolved secret is registered here the moment it is read, and
 * every byte ktx writes to stdout, stderr, logs or debug files goes through `redact()`.
 */

const MIN_SECRET_LENGTH = 4;
const MASK = '[redacted]';

const secrets = new Set<string>();
let pattern: RegExp | null = null;

export function registerSecret(value: string | undefined | null): void {
  if (!value) return;
  const trimmed = value.trim();
  // Very short values would mask ordinary words; secrets that short are not secrets.
  if (trimmed.length < MIN_SECRET_LENGTH || secrets.has(trimmed)) return;
  secrets.add(trimmed);
  pattern = null;
}

export function registeredSecretCount(): number {
  return secrets.size;
}

/** For tests only. */
export function clearSecretsForTests(): void {
  secrets.clear();
  pattern = null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function secretPattern(): RegExp | null {
  if (secrets.size === 0) return null;
  if (!pattern) {
    // Longest first, so a secret containing another secret is masked whole.
    const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(alternatives.join('|'), 'g');
  }
  return pattern;
}

// Credentials embedded in URLs (postgres://user:pass@host) and bearer/API-key shapes are masked
// even when they were never registered (e.g. they came from a driver error message).
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)(@)/gi;
const BEARER = /(\bBearer\s+)([A-Za-z0-9._~+/=-]{8,})/g;
const KEY_SHAPES = /\b(sk-(?:ant-)?[A-Za-z0-9_-]{12,})\b/g;

export function redact(text: string): string {
  let out = text;
  const re = secretPattern();
  if (re) out = out.replace(re, MASK);
  out = out.replace(URL_PASSWORD, `$1${MASK}$3`);
  out = out.replace(BEARER, `$1${MASK}`);
  out = out.replace(KEY_SHAPES, MASK);
  return out;
}

/** Deep-redacts string leaves of a JSON-like value. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactValue(item);
    return out as T;
  }
  return value;
}

/**
 * Reading provider rate-limit headers: how long to wait after a rejection, and how close to the
 * limit a successful response says we are. Anthropic sends `retry-after` plus
 * `anthropic-ratelimit-<kind>-{limit,remaining,reset}`; OpenAI-style gateways send
 * `x-ratelimit-*` and `retry-after-ms`.
 */

export type HeaderSource = Headers | Record<string, string | undefined> | undefined;

export function headerGetter(headers: HeaderSource): (name: string) => string | undefined {
  if (!headers) return () => undefined;
  if (typeof (headers as Headers).get === 'function') {
    return (name) => (headers as Headers).get(name) ?? undefined;
  }
  const lower = new Map<string, string>();
  for (const [key, value] of Object.entries(headers as Record<string, string | undefined>)) {
    if (value !== undefined) lower.set(key.toLowerCase(), value);
  }
  return (name) => lower.get(name);
}

const ANTHROPIC_KINDS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/** Milliseconds until the provider allows another request, when its headers say so. */
export function retryAfterMs(headers: HeaderSource, now = Date.now()): number | undefined {
  const get = headerGetter(headers);
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const after = get('retry-after');
  if (after !== undefined) {
    const seconds = Number.parseFloat(after);
    if (Number.isFinite(seconds) && /^\s*[\d.]+\s*$/.test(after))
      return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  // Without retry-after, the reset time of an exhausted limit is the next best answer.
  let latest: number | undefined;
  for (const kind of ANTHROPIC_KINDS) {
    if (get(`anthropic-ratelimit-${kind}-remaining`) !== '0') continue;
    const reset = Date.parse(get(`anthropic-ratelimit-${kind}-reset`) ?? '');
    if (Number.isFinite(reset)) latest = Math.max(latest ?? 0, reset - now);
  }
  return latest === undefined ? undefined : Math.max(0, latest);
}

/** The highest share (0..1) of any advertised limit already used, or undefined without headers. */
export function utilization(headers: HeaderSource): number | undefined {
  const get = headerGetter(headers);
  const pairs: Array<[string | undefined, string | undefined]> = [
    ...ANTHROPIC_KINDS.map(
      (kind) =>
        [get(`anthropic-ratelimit-${kind}-limit`), get(`anthropic-ratelimit-${kind}-remaining`)] as [
          string | undefined,
          string | undefined,
        ],
    ),
    [get('x-ratelimit-limit-requests'), get('x-ratelimit-remaining-requests')],
    [get('x-ratelimit-limit-tokens'), get('x-ratelimit-remaining-tokens')],
  ];
  let highest: number | undefined;
  for (const [limitText, remainingText] of pairs) {
    const limit = Number(limitText);
    const remaining = Number(remainingText);
    if (!limitText || !remainingText || !Number.isFinite(limit) || !Number.isFinite(remaining) || limit <= 0)
      continue;
    const used = 1 - Math.min(limit, Math.max(0, remaining)) / limit;
    highest = Math.max(highest ?? 0, used);
  }
  return highest;
}

import { round, toNumber } from '../column-kinds.js';
import type { ContainmentResult } from './evidence.js';
import type { ScanColumn } from './model.js';

/**
 * Calibrated confidence of an inferred foreign key from two independent kinds of evidence:
 *
 * - name evidence `n` (./name-match.ts), and
 * - value evidence `v`: the source values are all found in the target key. How much that
 *   proves depends on how *specific* the values are: UUIDs or long codes never match by
 *   accident (0.95); short codes or sparse integers rarely do (0.85); small dense integers
 *   (1..N) are contained in every other 1..M key (0.70). Two or fewer distinct values prove
 *   less (−0.10); a source covering at least half of the target (a lookup table) proves more
 *   (+0.05).
 *
 * The two combine as independent evidence, `1 − (1 − n)(1 − v)`, then missing values cost
 * confidence (containment 0.99 → ×0.97, 0.95 → ×0.85, 0.9 → ×0.70; below 0.9 the candidate is
 * rejected). A column with no values at all can only be judged by its name: strong names
 * (n ≥ 0.9) score exactly the accept threshold, weaker ones go to review.
 */

export type Specificity = 'high' | 'medium' | 'low';

export const DEFAULT_ACCEPT = 0.9;
export const DEFAULT_REVIEW = 0.6;
/** Containment below this rejects a candidate outright. */
export const MIN_CONTAINMENT = 0.9;
/** Containment needed to accept (allows a stray orphan in a million). */
export const ACCEPT_CONTAINMENT = 0.99;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function specificity(
  source: ScanColumn,
  target: { min: unknown; max: unknown; distinct: number },
  sourceDistinct: number,
): Specificity {
  const values = source.profile?.sensitive ? [] : (source.profile?.samples ?? []);
  let level: Specificity;
  if (source.kind === 'string' || source.kind === 'uuid') {
    const numeric = values.length > 0 && values.every((value) => /^\d+$/.test(value));
    const long = values.length > 0 && values.every((value) => value.length >= 8 && /\d/.test(value));
    if (source.kind === 'uuid' || (values.length > 0 && values.every((value) => UUID.test(value))))
      level = 'high';
    else if (long && !numeric) level = 'high';
    else level = 'medium';
  } else if (source.kind === 'integer' || source.kind === 'decimal') {
    const min = toNumber(target.min as never);
    const max = toNumber(target.max as never);
    const span = max - min + 1;
    level = span > 0 && target.distinct / span >= 0.5 ? 'low' : 'medium';
  } else {
    level = 'low';
  }
  if (level === 'high' && sourceDistinct < 10) level = 'medium';
  return level;
}

export function valueScore(level: Specificity, sourceDistinct: number, coverage: number): number {
  let score = { high: 0.95, medium: 0.85, low: 0.7 }[level];
  if (sourceDistinct <= 2) score -= 0.1;
  if (coverage >= 0.5) score += 0.05;
  return Math.min(0.97, score);
}

export interface Scored {
  confidence: number;
  /** Whether the value evidence allows acceptance at all (enough containment, or no values). */
  acceptable: boolean;
  containment: number | null;
}

export function scoreCandidate(
  nameScore: number,
  containment: ContainmentResult | undefined,
  value: number,
  acceptThreshold: number,
): Scored | null {
  if (!containment || containment.distinct === 0) {
    if (nameScore >= 0.9) return { confidence: acceptThreshold, acceptable: true, containment: null };
    if (nameScore >= 0.7)
      return { confidence: round(nameScore * 0.85, 3), acceptable: false, containment: null };
    return null;
  }
  const ratio = containment.matched / containment.distinct;
  if (ratio < MIN_CONTAINMENT) return null;
  let confidence = 1 - (1 - nameScore) * (1 - value);
  if (ratio < 1) confidence *= ratio >= ACCEPT_CONTAINMENT ? 0.97 : ratio >= 0.95 ? 0.85 : 0.7;
  return {
    confidence: round(confidence, 3),
    acceptable: ratio >= ACCEPT_CONTAINMENT,
    containment: round(ratio, 4),
  };
}

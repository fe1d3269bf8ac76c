import type { RelationshipResult } from '../types.js';
import type { FkCandidate } from './foreign-candidates.js';

/**
 * Conflict resolution: per source column set, candidates are ranked and only the winner may
 * be accepted. Ranking, in order: value evidence good enough to accept; name strength tier
 * (strong ≥ 0.95 > qualified ≥ 0.85 > role/abbreviation ≥ 0.6 > none); the tightest target
 * (when every value is contained, the target with the fewest distinct values is the most
 * specific parent: `employee → person` rather than `employee → business_entity`); then raw
 * name score and confidence.
 *
 * Runners-up are kept as `review` only when they are named as strongly as the winner and are not
 * simply a restatement of it (a target that itself references the winner's key, or is
 * referenced by it, adds nothing). Value-only candidates keep only their tightest target.
 */

export interface ScoredCandidate {
  candidate: FkCandidate;
  confidence: number;
  acceptable: boolean;
  containment: number | null;
  sourceDistinct: number;
  targetDistinct: number;
  oneToOne: boolean;
  evidence: Record<string, string | number | boolean>;
}

/** More equally plausible parents than this make a column ambiguous. */
const MAX_EQUAL_PARENTS = 2;

function tier(score: number): number {
  if (score >= 0.95) return 3;
  if (score >= 0.85) return 2;
  if (score >= 0.6) return 1;
  return 0;
}

function groupKey(candidate: FkCandidate): string {
  return `${candidate.from.key}\u0000${candidate.fromColumns.map((c) => c.info.name).join('\u0001')}`;
}

function targetId(candidate: FkCandidate): string {
  return `${candidate.to.table.key}\u0000${candidate.to.columns.map((c) => c.info.name).join('\u0001')}`;
}

function rank(a: ScoredCandidate, b: ScoredCandidate): number {
  return (
    Number(b.acceptable) - Number(a.acceptable) ||
    tier(b.candidate.name.score) - tier(a.candidate.name.score) ||
    (b.containment ?? 0) - (a.containment ?? 0) ||
    a.targetDistinct - b.targetDistinct ||
    b.candidate.name.score - a.candidate.name.score ||
    b.confidence - a.confidence ||
    targetId(a.candidate).localeCompare(targetId(b.candidate))
  );
}

export function resolveCandidates(
  scored: ScoredCandidate[],
  thresholds: { accept: number; review: number },
): RelationshipResult[] {
  const groups = new Map<string, ScoredCandidate[]>();
  for (const entry of scored) {
    const key = groupKey(entry.candidate);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  // Which target keys are linked to which by some candidate (either direction).
  const linked = new Set<string>();
  for (const entry of scored) {
    const from = `${entry.candidate.from.key}\u0000${entry.candidate.fromColumns.map((c) => c.info.name).join('\u0001')}`;
    const to = targetId(entry.candidate);
    linked.add(`${from}\u0002${to}`);
    linked.add(`${to}\u0002${from}`);
  }

  const out: RelationshipResult[] = [];
  for (const entries of groups.values()) {
    entries.sort(rank);
    const named = entries.filter((entry) => !entry.candidate.valueOnly);
    const pool = named.length > 0 ? named : entries.slice(0, 1);
    const best = pool[0]!;
    // Several equally named, fully contained parents: the evidence cannot choose, so nothing is
    // accepted and only the best goes to review (`record_id` shared by a dozen tables).
    const rivals = pool.filter(
      (entry) => entry.acceptable && Math.abs(entry.candidate.name.score - best.candidate.name.score) < 0.005,
    );
    if (rivals.length > MAX_EQUAL_PARENTS) {
      if (best.confidence >= thresholds.review) out.push(toResult(best, 'review', thresholds.accept - 0.01));
      continue;
    }
    const winnerAccepted = best.acceptable && best.confidence >= thresholds.accept;
    const cap = thresholds.accept - 0.01;
    if (winnerAccepted || best.confidence >= thresholds.review) {
      out.push(toResult(best, winnerAccepted ? 'accepted' : 'review', cap));
    }
    for (const other of pool.slice(1)) {
      if (other.confidence < thresholds.review) continue;
      if (other.candidate.name.score < best.candidate.name.score - 0.005) continue;
      if (linked.has(`${targetId(other.candidate)}\u0002${targetId(best.candidate)}`)) continue;
      out.push(toResult(other, 'review', cap));
    }
  }
  return out;
}

/** Review confidences stay below the accept threshold so the two statuses never overlap. */
function toResult(
  entry: ScoredCandidate,
  status: 'accepted' | 'review',
  reviewCap: number,
): RelationshipResult {
  const { candidate } = entry;
  return {
    from: { table: candidate.from.key, columns: candidate.fromColumns.map((c) => c.info.name) },
    to: { table: candidate.to.table.key, columns: candidate.to.columns.map((c) => c.info.name) },
    cardinality: entry.oneToOne ? 'one_to_one' : 'many_to_one',
    source: 'inferred',
    status,
    confidence: status === 'review' ? Math.min(entry.confidence, reviewCap) : entry.confidence,
    evidence: entry.evidence,
  };
}

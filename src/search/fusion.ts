import type { LaneHit, LaneName, LaneOutcome, ValueEvidence } from './lanes/types.js';
import { RRF_K } from './tuning.js';

/**
 * Weighted reciprocal rank fusion. Each lane that ran contributes weight × confidence / (k + rank)
 * for its hits; lanes that were skipped or failed are left out of the sum *and* of the
 * normalisation, so a missing lane never drags scores down (it is dropped, not zeroed). A score
 * of 1 means "first in every lane that ran, with full confidence".
 */

export interface FusedCandidate {
  key: string;
  score: number;
  /** 1-based rank of this candidate in each lane that returned it. */
  ranks: Partial<Record<LaneName, number>>;
  value?: ValueEvidence;
  matched: string[];
}

export function fuse(outcomes: LaneOutcome[], weights: Record<LaneName, number>): FusedCandidate[] {
  const active = outcomes.filter((outcome) => outcome.status === 'ok');
  const totalWeight = active.reduce((sum, outcome) => sum + weights[outcome.lane], 0);
  if (totalWeight === 0) return [];
  const byKey = new Map<string, FusedCandidate>();
  for (const outcome of active) {
    const weight = weights[outcome.lane];
    outcome.hits.forEach((hit: LaneHit, index) => {
      const rank = index + 1;
      const entry = byKey.get(hit.key) ?? { key: hit.key, score: 0, ranks: {}, matched: [] };
      if (entry.ranks[outcome.lane] !== undefined) return; // a lane counts a candidate once
      entry.ranks[outcome.lane] = rank;
      entry.score += (weight * hit.confidence) / (RRF_K + rank);
      if (hit.value) entry.value = hit.value;
      for (const term of hit.matched ?? []) if (!entry.matched.includes(term)) entry.matched.push(term);
      byKey.set(hit.key, entry);
    });
  }
  const scale = (RRF_K + 1) / totalWeight;
  return [...byKey.values()]
    .map((entry) => ({ ...entry, score: entry.score * scale }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        Object.keys(b.ranks).length - Object.keys(a.ranks).length ||
        a.key.localeCompare(b.key),
    );
}

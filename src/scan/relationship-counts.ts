import type { RelationshipResult } from './types.js';

export interface RelationshipCounts {
  accepted: number;
  review: number;
  /** Accepted ones the warehouse declares. */
  declared: number;
  /** Accepted ones found from names, types and values. */
  inferred: number;
}

/** Relationship totals for the scan summary line (and commit messages) and `ktx ingest --json`. */
export function relationshipCounts(relationships: readonly RelationshipResult[]): RelationshipCounts {
  const accepted = relationships.filter((r) => r.status === 'accepted');
  const declared = accepted.filter((r) => r.source === 'declared').length;
  return {
    accepted: accepted.length,
    review: relationships.length - accepted.length,
    declared,
    inferred: accepted.length - declared,
  };
}

import { z } from 'zod';
import type { ScanSnapshot } from '../../scan/types.js';
import { coveringSource } from '../../search/index/indexer.js';

/**
 * Literal value → columns, over the value profiles of scan snapshots (top values and samples).
 * Exact matches (case-insensitive) rank first, by frequency; a value contained in a profiled
 * value ("emea" in "EMEA-North") is a partial match. Masked samples of sensitive columns are
 * never matched: they are not the real values.
 */

const MAX_MATCHES_PER_VALUE = 10;
const MIN_PARTIAL_LENGTH = 3;

const match = z.object({
  connectionId: z.string(),
  table: z.string(),
  column: z.string(),
  matchedValue: z.string(),
  exact: z.boolean(),
  count: z.number().optional().describe('rows holding the value in the profiled sample'),
  field: z.string().optional().describe('the semantic field (source.column) for filters in sl_query'),
});

export const dictionaryOutput = z.object({
  results: z.array(z.object({ value: z.string(), found: z.boolean(), matches: z.array(match) })),
  searched: z.array(
    z.object({ connectionId: z.string(), tables: z.number().int(), profiledColumns: z.number().int() }),
  ),
  note: z.string(),
});

export interface ScannedConnection {
  connectionId: string;
  snapshot: ScanSnapshot;
  sources: Array<{ name: string; table?: string }>;
}

type Match = z.infer<typeof match>;

function matchesFor(value: string, scanned: ScannedConnection[]): Match[] {
  const needle = value.toLowerCase();
  const found: Match[] = [];
  for (const { connectionId, snapshot, sources } of scanned) {
    for (const table of snapshot.tables) {
      const source = coveringSource(table, sources)?.name;
      for (const column of table.profile?.columns ?? []) {
        if (column.sensitive) continue;
        const seen = new Set<string>();
        const candidates = [
          ...(column.topValues ?? []),
          ...(column.samples ?? []).map((sample) => ({ value: sample, count: undefined })),
        ];
        for (const candidate of candidates) {
          if (seen.has(candidate.value)) continue;
          seen.add(candidate.value);
          const hay = candidate.value.toLowerCase();
          const exact = hay === needle;
          if (!exact && (needle.length < MIN_PARTIAL_LENGTH || !hay.includes(needle))) continue;
          found.push({
            connectionId,
            table: table.key,
            column: column.name,
            matchedValue: candidate.value,
            exact,
            ...(candidate.count !== undefined ? { count: candidate.count } : {}),
            ...(source ? { field: `${source}.${column.name}` } : {}),
          });
        }
      }
    }
  }
  found.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      (b.count ?? 0) - (a.count ?? 0) ||
      a.table.localeCompare(b.table) ||
      a.column.localeCompare(b.column),
  );
  return found.slice(0, MAX_MATCHES_PER_VALUE);
}

export function dictionaryMatches(
  values: string[],
  scanned: ScannedConnection[],
): z.infer<typeof dictionaryOutput> {
  const results = values.map((value) => {
    const matches = matchesFor(value, scanned);
    return { value, found: matches.length > 0, matches };
  });
  return {
    results,
    searched: scanned.map(({ connectionId, snapshot }) => ({
      connectionId,
      tables: snapshot.tables.length,
      profiledColumns: snapshot.tables.reduce((sum, table) => sum + (table.profile?.columns.length ?? 0), 0),
    })),
    note: 'Profiles hold the frequent values of low-cardinality columns and a few samples; confirm a miss with sql_execution before concluding a value does not exist.',
  };
}

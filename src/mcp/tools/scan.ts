import { z } from 'zod';
import { KtxError } from '../../core/errors.js';
import { nearest } from '../../core/text.js';
import type { RelationshipResult, ScanSnapshot, TableSnapshot } from '../../scan/types.js';
import { coveringSource } from '../../search/index/indexer.js';
import { defineTool } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { answer, connectionIdArg, READ_ONLY } from './common.js';
import { dictionaryMatches, dictionaryOutput } from './dictionary.js';

/**
 * `entity_details` and `dictionary_search`: what the last scan saw in the warehouse (types,
 * keys, relationships, profiles, literal values). Read from the snapshot files, never from the
 * warehouse itself.
 */

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const columnDetail = z.object({
  name: z.string(),
  nativeType: z.string(),
  type: z.string(),
  nullable: z.boolean(),
  primaryKey: z.boolean(),
  comment: z.string().optional(),
  nullRate: z.number().optional(),
  distinctCount: z.number().optional(),
  min: scalar.optional(),
  max: scalar.optional(),
  topValues: z.array(z.object({ value: z.string(), count: z.number() })).optional(),
  samples: z.array(z.string()).optional().describe('examples; masked when the column is sensitive'),
  sensitive: z.string().optional(),
});

const relationship = z.object({
  from: z.object({ table: z.string(), columns: z.array(z.string()) }),
  to: z.object({ table: z.string(), columns: z.array(z.string()) }),
  cardinality: z.string(),
  source: z.enum(['declared', 'inferred']),
  status: z.enum(['accepted', 'review']),
  confidence: z.number(),
});

const entityResult = z.union([
  z.object({
    table: z.string().describe('as asked'),
    found: z.literal(true),
    key: z.string(),
    schema: z.string().nullable(),
    name: z.string(),
    kind: z.string(),
    comment: z.string().optional(),
    rowCount: z.number().nullable(),
    primaryKey: z
      .object({ columns: z.array(z.string()), source: z.string(), confidence: z.number() })
      .nullable(),
    columns: z.array(columnDetail),
    relationships: z.array(relationship).describe('foreign keys from and to this table'),
    semanticSource: z.string().optional().describe('the semantic source declared on this table'),
  }),
  z.object({
    table: z.string(),
    found: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), candidates: z.array(z.string()) }),
  }),
]);

async function requireSnapshot(services: ProjectServices, connectionId: string): Promise<ScanSnapshot> {
  const snapshot = await services.scanSnapshot(connectionId);
  if (snapshot) return snapshot;
  throw new KtxError('scan_missing', `Connection ${connectionId} has not been scanned yet.`, {
    hint: `Ask the user to run \`ktx scan ${connectionId}\`; meanwhile sl_read_source describes the modelled tables.`,
  });
}

function findTable(snapshot: ScanSnapshot, asked: string): TableSnapshot | string[] {
  const wanted = asked.replace(/["'`[\]]/g, '').toLowerCase();
  const byKey = snapshot.tables.find((table) => table.key.toLowerCase() === wanted);
  if (byKey) return byKey;
  const byName = snapshot.tables.filter((table) => table.name.toLowerCase() === wanted.split('.').at(-1));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) return byName.map((table) => table.key);
  return nearest(asked, [
    ...snapshot.tables.map((table) => table.key),
    ...snapshot.tables.map((table) => table.name),
  ]);
}

function involves(rel: RelationshipResult, key: string): boolean {
  return rel.from.table === key || rel.to.table === key;
}

function describeTable(
  table: TableSnapshot,
  snapshot: ScanSnapshot,
  onlyColumns: string[] | undefined,
  semanticSource: string | undefined,
) {
  const pk = snapshot.keys.primaryKeys.find((key) => key.table === table.key);
  const pkColumns = new Set(pk?.columns ?? table.primaryKey ?? []);
  const profiles = new Map((table.profile?.columns ?? []).map((column) => [column.name, column]));
  const wanted = onlyColumns?.map((name) => name.toLowerCase());
  const columns = table.columns
    .filter((column) => !wanted || wanted.includes(column.name.toLowerCase()))
    .map((column) => {
      const profile = profiles.get(column.name);
      return {
        name: column.name,
        nativeType: column.nativeType,
        type: column.type,
        nullable: column.nullable,
        primaryKey: pkColumns.has(column.name),
        ...(column.comment ? { comment: column.comment } : {}),
        ...(profile
          ? {
              nullRate: profile.nullRate,
              distinctCount: profile.distinctCount,
              ...(profile.min !== undefined ? { min: profile.min } : {}),
              ...(profile.max !== undefined ? { max: profile.max } : {}),
              ...(profile.topValues ? { topValues: profile.topValues } : {}),
              ...(profile.samples ? { samples: profile.samples } : {}),
              ...(profile.sensitive ? { sensitive: profile.sensitive } : {}),
            }
          : {}),
      };
    });
  return {
    key: table.key,
    schema: table.schema,
    name: table.name,
    kind: table.kind,
    ...(table.comment ? { comment: table.comment } : {}),
    rowCount: table.profile?.rowCount ?? table.rowCountEstimate,
    primaryKey: pk
      ? { columns: pk.columns, source: pk.source, confidence: pk.confidence }
      : table.primaryKey
        ? { columns: table.primaryKey, source: 'declared', confidence: 1 }
        : null,
    columns,
    relationships: snapshot.keys.relationships
      .filter((rel) => involves(rel, table.key))
      .map(({ from, to, cardinality, source, status, confidence }) => ({
        from,
        to,
        cardinality,
        source,
        status,
        confidence,
      })),
    ...(semanticSource ? { semanticSource } : {}),
  };
}

export function entityDetailsTool(services: ProjectServices) {
  return defineTool({
    name: 'entity_details',
    description:
      'Warehouse facts about tables from the latest scan: columns with native and normalised types, nullability, primary keys and foreign-key relationships (declared or inferred, with confidence), row counts and column profiles (null rate, distinct count, range, top values, masked samples). Use it before writing SQL by hand, or to check a join key.',
    inputSchema: z.object({
      tables: z
        .array(z.string().trim().min(1))
        .min(1)
        .max(20)
        .describe('Table keys ("schema.table", or "table" when unambiguous), 1-20.'),
      connection_id: connectionIdArg,
      columns: z.array(z.string().min(1)).optional().describe('Only these columns (default: all).'),
    }),
    outputSchema: z.object({ connectionId: z.string(), results: z.array(entityResult) }),
    annotations: { title: 'Table and column details', ...READ_ONLY },
    async handler({ tables, connection_id, columns }) {
      const connection = await services.connection(connection_id);
      const snapshot = await requireSnapshot(services, connection.connectionId);
      const sources = await services
        .semantic(connection.connectionId)
        .then((semantic) =>
          [...semantic.model.sources.values()].map((s) => ({ name: s.name, table: s.spec.table })),
        )
        .catch(() => []);
      const results = tables.map((asked) => {
        const found = findTable(snapshot, asked);
        if (Array.isArray(found)) {
          const ambiguous =
            found.length > 1 && found.every((key) => key.toLowerCase().endsWith(`.${asked.toLowerCase()}`));
          return {
            table: asked,
            found: false as const,
            error: {
              code: ambiguous ? 'table_ambiguous' : 'table_not_found',
              message: ambiguous
                ? `"${asked}" names several tables; use the schema-qualified key.`
                : `No table "${asked}" in the scan of ${connection.connectionId}.`,
              candidates: found,
            },
          };
        }
        return {
          table: asked,
          found: true as const,
          ...describeTable(found, snapshot, columns, coveringSource(found, sources)?.name),
        };
      });
      return answer({ connectionId: connection.connectionId, results });
    },
  });
}

export function dictionarySearchTool(services: ProjectServices) {
  return defineTool({
    name: 'dictionary_search',
    description:
      'Find which columns hold literal values ("EMEA", "enterprise", "churned"), from the value profiles of the latest scan: use it to turn words in a question into filters (segments.name = \'enterprise\'). Profiles keep only frequent values of low-cardinality columns: a miss does not prove a value is absent (check with sql_execution).',
    inputSchema: z.object({
      values: z.array(z.string().trim().min(1)).min(1).max(20).describe('Literal values to look up, 1-20.'),
      connection_id: connectionIdArg.describe('Only this connection (default: every scanned connection).'),
    }),
    outputSchema: dictionaryOutput,
    annotations: { title: 'Find columns by value', ...READ_ONLY },
    async handler({ values, connection_id }) {
      const ids = connection_id
        ? [(await services.connection(connection_id)).connectionId]
        : await services.knownConnections();
      const scanned: Array<{
        connectionId: string;
        snapshot: ScanSnapshot;
        sources: Array<{ name: string; table?: string }>;
      }> = [];
      for (const id of ids) {
        const snapshot = await services.scanSnapshot(id);
        if (!snapshot) continue;
        const sources = await services
          .semantic(id)
          .then((semantic) =>
            [...semantic.model.sources.values()].map((s) => ({ name: s.name, table: s.spec.table })),
          )
          .catch(() => []);
        scanned.push({ connectionId: id, snapshot, sources });
      }
      if (scanned.length === 0) {
        throw new KtxError(
          'scan_missing',
          'No connection has been scanned yet, so there are no value profiles.',
          {
            hint: 'Ask the user to run `ktx scan <connection>`; meanwhile use sql_execution with a LIKE filter on likely columns.',
          },
        );
      }
      return answer(dictionaryMatches(values, scanned));
    },
  });
}

import { z } from 'zod';
import { ALL_KINDS, type ResultKind } from '../../search/query/filter.js';
import type { SearchResult } from '../../search/results.js';
import { defineTool } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { answer, connectionIdArg, READ_ONLY } from './common.js';

/** `search` (everything, one ranked list) and `wiki_search` (pages only). */

const kind = z.enum(ALL_KINDS as [ResultKind, ...ResultKind[]]);

const readWith = z
  .object({ tool: z.string(), arguments: z.record(z.string(), z.unknown()) })
  .describe('The call that reads this result in full.');

const searchHit = z.object({
  kind,
  ref: z.string(),
  title: z.string(),
  summary: z.string(),
  score: z.number(),
  connection: z.string().optional(),
  key: z.string().optional().describe('wiki page key'),
  source: z.string().optional().describe('semantic source the entity belongs to'),
  table: z.string().optional(),
  column: z.string().optional(),
  values: z.array(z.string()).optional().describe('literal values that matched (value results)'),
  usageMode: z.string().optional(),
  readWith: readWith.optional(),
});

const searchOutput = z.object({
  query: z.string(),
  results: z.array(searchHit),
  note: z.string().optional(),
});

/** Which tool reads a result in full, with its arguments ready to send. */
function nextCall(result: SearchResult): z.infer<typeof readWith> | undefined {
  const connection = result.connection ? { connection_id: result.connection } : {};
  if (result.kind === 'wiki' && result.key) return { tool: 'wiki_read', arguments: { key: result.key } };
  if (result.source) return { tool: 'sl_read_source', arguments: { source: result.source, ...connection } };
  const table = result.table ?? (result.details?.table as string | undefined);
  if (table) return { tool: 'entity_details', arguments: { tables: [table], ...connection } };
  return undefined;
}

function hit(result: SearchResult): z.infer<typeof searchHit> {
  const next = nextCall(result);
  const table = result.table ?? (result.details?.table as string | undefined);
  return {
    kind: result.kind,
    ref: result.ref,
    title: result.title,
    summary: result.summary,
    score: result.score,
    ...(result.connection ? { connection: result.connection } : {}),
    ...(result.key ? { key: result.key } : {}),
    ...(result.source ? { source: result.source } : {}),
    ...(table ? { table } : {}),
    ...(result.column ? { column: result.column } : {}),
    ...(result.values ? { values: result.values } : {}),
    ...(result.usageMode ? { usageMode: result.usageMode } : {}),
    ...(next ? { readWith: next } : {}),
  };
}

const limitArg = z.number().int().min(1).max(50).optional().describe('Number of results (1-50, default 10).');

export function searchTool(services: ProjectServices) {
  return defineTool({
    name: 'search',
    description:
      'Find what the project knows about a business question, in one ranked list: wiki pages (definitions, caveats, policies), semantic sources, measures, columns, segments, warehouse tables, and columns holding a literal value ("EMEA", "churned"). Use it before writing any query; then read the top hits with the call given in each result\'s readWith.',
    inputSchema: z.object({
      query: z
        .string()
        .trim()
        .min(1)
        .describe('Words or a question, e.g. "monthly recurring revenue by plan".'),
      kinds: z
        .array(kind)
        .optional()
        .describe(`Only these kinds: ${ALL_KINDS.join(', ')}.`),
      connection_id: connectionIdArg.describe(
        'Only entities and values of this connection (wiki pages are always included).',
      ),
      limit: limitArg,
    }),
    outputSchema: searchOutput,
    annotations: { title: 'Search the context', ...READ_ONLY },
    async handler(input) {
      const index = await services.searchIndex();
      const response = await index.search(input.query, {
        limit: input.limit ?? 10,
        kinds: input.kinds,
        connection: input.connection_id,
        userId: await services.userId(),
      });
      return answer({
        query: input.query,
        results: response.results.map(hit),
        ...(response.stale ? { note: response.stale } : {}),
      });
    },
  });
}

const wikiHit = z.object({
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  scope: z.enum(['global', 'user']),
  usageMode: z.string(),
  score: z.number(),
});

export function wikiSearchTool(services: ProjectServices) {
  return defineTool({
    name: 'wiki_search',
    description:
      'Search the business wiki only: metric definitions, data caveats, policies, known traps. Returns page keys to read with wiki_read.',
    inputSchema: z.object({
      query: z.string().trim().min(1).describe('Words or a question, e.g. "refund policy".'),
      limit: limitArg,
    }),
    outputSchema: z.object({ query: z.string(), results: z.array(wikiHit) }),
    annotations: { title: 'Search the wiki', ...READ_ONLY },
    async handler(input) {
      const index = await services.searchIndex();
      const response = await index.search(input.query, {
        limit: input.limit ?? 10,
        kinds: ['wiki'],
        userId: await services.userId(),
      });
      return answer({
        query: input.query,
        results: response.results.map((result) => ({
          key: result.key ?? result.ref,
          title: result.title,
          summary: result.summary,
          scope: result.scope ?? 'global',
          usageMode: result.usageMode ?? 'auto',
          score: result.score,
        })),
      });
    },
  });
}

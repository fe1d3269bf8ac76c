import type { QueryValue } from '../connectors/types.js';
import { KtxError } from '../core/errors.js';
import type { SemanticQuery } from '../semantic/query/types.js';

/**
 * The semantic queries `ktx demo` runs at the end, to show what the layer is for: questions
 * where a hand-written join gives a wrong number. They run against whatever semantic layer the
 * demo project holds (the curated one once the demo installs it); when there is none, or a
 * query names something the layer does not have, the demo says so instead of failing.
 */

export interface DemoExample {
  title: string;
  /** The trap this query avoids, in a sentence. */
  point: string;
  query: SemanticQuery;
}

export const DEMO_EXAMPLES: DemoExample[] = [
  {
    title: 'MRR by plan tier, real customers only',
    point: 'test and soft-deleted accounts are excluded by the accounts.customers segment',
    query: {
      measures: ['subscriptions.mrr', 'subscriptions.active_subscriptions'],
      dimensions: ['plans.tier'],
      segments: ['accounts.customers'],
      order_by: [{ field: 'mrr', direction: 'desc' }],
    },
  },
  {
    title: 'Invoiced revenue by segment, invoices with a discount line',
    point: 'each invoice counts once, however many lines it has (fan trap)',
    query: {
      measures: ['invoices.invoiced_amount', 'invoices.invoice_count'],
      dimensions: ['accounts.segment'],
      filters: ["invoice_line_items.kind = 'discount'", "invoices.currency = 'USD'"],
      segments: ['accounts.customers'],
      order_by: [{ field: 'invoiced_amount', direction: 'desc' }],
    },
  },
  {
    title: 'Ticket load vs USD invoiced amount per region',
    point: 'tickets and invoices are aggregated separately, then matched on region (chasm trap)',
    query: {
      measures: ['support_tickets.ticket_count', 'invoices.invoiced_amount'],
      dimensions: ['accounts.region'],
      filters: ["invoices.currency = 'USD'"],
      segments: ['accounts.customers'],
      order_by: ['region'],
    },
  },
];

export interface DemoExampleResult {
  title: string;
  point: string;
  /** The same question on the command line. */
  command: string;
  strategy?: string;
  columns?: Array<{ name: string; format?: string }>;
  rows?: Array<Record<string, QueryValue>>;
  error?: { code: string; message: string };
}

export interface DemoExamples {
  /** `ran`: at least one query ran; `skipped`: no semantic layer to ask. */
  status: 'ran' | 'skipped';
  message: string;
  results: DemoExampleResult[];
}

const quoted = (value: string) =>
  /^[\w.:]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;

/**
 * `ktx sl query …` flags for a query, to paste into a shell. A query the flags cannot express
 * (a runtime measure, a renamed dimension) is refused: the printed command must give the rows
 * the demo showed.
 */
export function commandFor(query: SemanticQuery): string {
  const flags: string[] = [];
  for (const m of query.measures ?? []) {
    if (typeof m !== 'string') throw new Error(`internal: demo example measure ${m.expr} has no flag form`);
    flags.push('--measure', quoted(m));
  }
  for (const d of query.dimensions ?? []) {
    if (typeof d !== 'string' && d.name !== undefined)
      throw new Error(`internal: demo example dimension ${d.field} named ${d.name} has no flag form`);
    const spec = typeof d === 'string' ? d : `${d.field}${d.granularity ? `:${d.granularity}` : ''}`;
    flags.push('--dimension', quoted(spec));
  }
  for (const f of query.filters ?? []) flags.push('--filter', quoted(f));
  for (const s of query.segments ?? []) flags.push('--segment', quoted(s));
  for (const o of query.order_by ?? []) {
    const spec = typeof o === 'string' ? o : `${o.field}${o.direction === 'desc' ? ':desc' : ''}`;
    flags.push('--order-by', quoted(spec));
  }
  if (query.limit !== undefined) flags.push('--limit', String(query.limit));
  if (query.include_empty) flags.push('--include-empty');
  return ['ktx sl query', ...flags, '--execute'].join(' ');
}

/**
 * The examples never fail the demo: a problem opening the layer becomes a message saying what
 * to run instead (each query's own error is kept on its result).
 */
export async function askDemoExamples(
  projectDir: string,
  connectionId: string,
  progress: (phase: string) => void,
): Promise<DemoExamples> {
  try {
    return await runDemoExamples(projectDir, connectionId, progress);
  } catch (error) {
    if (!KtxError.is(error)) throw error;
    return {
      status: 'skipped',
      message: `${error.message}${error.hint ? ` (${error.hint})` : ''}`,
      results: [],
    };
  }
}

export async function runDemoExamples(
  projectDir: string,
  connectionId: string,
  progress: (phase: string) => void = () => {},
): Promise<DemoExamples> {
  const { openProjectAt } = await import('../project/project.js');
  const project = await openProjectAt(projectDir);
  const { openSemanticModel, resolveSemanticConnection } = await import('../semantic/service.js');
  const target = resolveSemanticConnection(project, connectionId);
  const opened = await openSemanticModel(target);
  if (opened.model.sources.size === 0) {
    return {
      status: 'skipped',
      message: `no semantic layer in semantic-layer/${connectionId}/ yet: \`ktx ingest ${connectionId}\` builds one, then \`ktx demo\` shows example queries`,
      results: [],
    };
  }
  progress('Asking the semantic layer a few questions…');
  const { runSemanticQuery } = await import('../semantic/run.js');
  const { withConnector } = await import('../connectors/registry.js');
  const results = await withConnector(project, connectionId, async (connector) => {
    const out: DemoExampleResult[] = [];
    for (const example of DEMO_EXAMPLES) {
      const base = { title: example.title, point: example.point, command: commandFor(example.query) };
      try {
        const run = await runSemanticQuery(project, example.query, {
          connectionId,
          execute: true,
          maxRows: 20,
          connector,
        });
        out.push({
          ...base,
          strategy: `${run.plan.strategy}: ${run.plan.summary}`,
          columns: run.columns.map((c) => ({ name: c.name, ...(c.format ? { format: c.format } : {}) })),
          rows: run.rows ?? [],
        });
      } catch (error) {
        // A layer without these names (e.g. one generated by a scan) is not a demo failure.
        if (!KtxError.is(error)) throw error;
        out.push({ ...base, error: { code: error.code, message: error.message.split('\n')[0]! } });
      }
    }
    return out;
  });
  const ran = results.filter((r) => !r.error).length;
  return {
    status: ran > 0 ? 'ran' : 'skipped',
    message:
      ran > 0
        ? `${ran} of ${results.length} example queries answered from the semantic layer`
        : 'the semantic layer has none of the measures the examples use',
    results,
  };
}

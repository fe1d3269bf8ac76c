import type { Command } from 'commander';
import { EXIT, usageError } from '../../core/errors.js';
import { commandGroup } from '../command-group.js';
import type { CommandContext } from '../context.js';
import { run } from '../runner.js';

/**
 * `ktx search` (everything), `ktx sl search` (semantic layer) and `ktx admin reindex`.
 * `ktx wiki search` lives with the wiki commands and shares the helpers in search-output.ts.
 */

interface SearchFlags {
  limit?: string;
  userId?: string;
  connectionId?: string;
  kind?: string;
}

const KINDS = ['wiki', 'source', 'measure', 'column', 'segment', 'table', 'value'] as const;

function parseKinds(raw: string | undefined): Array<(typeof KINDS)[number]> | undefined {
  if (!raw) return undefined;
  const kinds = raw.split(',').map((kind) => kind.trim());
  for (const kind of kinds) {
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw usageError(`Unknown --kind "${kind}".`, `Use a comma-separated list of: ${KINDS.join(', ')}.`);
    }
  }
  return kinds as Array<(typeof KINDS)[number]>;
}

/** Runs one search against the project's index with progress on stderr and lanes under --debug. */
export async function runSearch(
  ctx: CommandContext,
  query: string,
  flags: SearchFlags,
  scope: { kinds?: Array<(typeof KINDS)[number]>; semanticOnly?: boolean; emptyHint: string },
) {
  if (!query.trim())
    throw usageError('The search query is empty.', 'Pass some words, e.g. `ktx search "active customers"`.');
  const { parseLimit, progressReporter, debugLanes, renderResults } = await import('./search-output.js');
  const limit = parseLimit(flags.limit);
  const project = await ctx.project();
  const { openProjectIndex, resolveUserId } = await import('../../search/project-index.js');
  const userId = resolveUserId(project, flags.userId);
  const reporter = progressReporter(ctx);
  const index = await openProjectIndex(project, { onProgress: reporter.onProgress });
  try {
    const response = await index.search(query, {
      limit,
      userId,
      kinds: scope.kinds,
      connection: flags.connectionId,
      semanticOnly: scope.semanticOnly,
    });
    reporter.done();
    debugLanes(ctx, response);
    if (response.stale)
      ctx.warn({ code: 'index_stale', message: response.stale, fix: 'Run the search again in a moment.' });
    return { data: { ...response, userId }, human: () => renderResults(ctx, response, scope.emptyHint) };
  } finally {
    index.close();
  }
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('Search everything: wiki pages, semantic sources, measures, columns, tables and values')
    .argument('<query...>', 'words to look for')
    .option('--limit <n>', 'number of results (1-200)', '10')
    .option('--kind <kinds>', `only these kinds (comma-separated: ${KINDS.join(', ')})`)
    .option('--connection-id <id>', 'only semantic entities and values of this connection')
    .option('--user-id <id>', 'whose wiki pages to include (default: agents.user_id, then "local")')
    .action(
      run<SearchFlags>(async (ctx, words, flags) =>
        runSearch(ctx, words.join(' '), flags, {
          kinds: parseKinds(flags.kind),
          emptyHint:
            'Try other words, or check that the project has wiki pages and a semantic layer (`ktx status`).',
        }),
      ),
    );

  commandGroup(program, 'sl', 'The semantic layer: sources, measures, joins and queries')
    .command('search')
    .description(
      'Search the semantic layer: sources, measures, columns, segments, and columns by their values',
    )
    .argument('<query...>', 'words to look for')
    .option('--connection-id <id>', 'only this connection')
    .option('--limit <n>', 'number of results (1-200)', '10')
    .action(
      run<SearchFlags>(async (ctx, words, flags) =>
        runSearch(ctx, words.join(' '), flags, {
          kinds: ['source', 'measure', 'column', 'segment', 'value'],
          semanticOnly: true,
          emptyHint: 'No semantic source matches; `ktx sl list` shows what exists.',
        }),
      ),
    );

  commandGroup(program, 'admin', 'Maintenance commands')
    .command('reindex')
    .description('Bring the search index up to date (only changed files); --force rebuilds it from scratch')
    .option('--force', 'drop the index and rebuild everything (vectors are kept)')
    .action(
      run<{ force?: boolean }>(async (ctx, _args, flags) => {
        const project = await ctx.project();
        const { openProjectIndex } = await import('../../search/project-index.js');
        const { progressReporter } = await import('./search-output.js');
        const reporter = progressReporter(ctx);
        const index = await openProjectIndex(project, { onProgress: reporter.onProgress });
        try {
          const report = await index.refresh({ force: flags.force === true, retryEmbeddings: true });
          reporter.done();
          const data = {
            force: flags.force === true,
            files: report.files,
            added: report.added.length,
            updated: report.updated.length,
            removed: report.removed.length,
            documents: report.documents,
            values: report.values,
            errors: report.errors,
            embeddings: report.embeddings,
            durationMs: report.durationMs,
          };
          const failed = report.errors.length > 0 || report.embeddings.status === 'failed';
          return {
            data,
            exitCode: failed ? EXIT.partial : EXIT.ok,
            human: () => renderReindex(ctx, data),
          };
        } finally {
          index.close();
        }
      }),
    );
}

function renderReindex(
  ctx: CommandContext,
  data: {
    files: number;
    added: number;
    updated: number;
    removed: number;
    documents: number;
    values: number;
    errors: Array<{ file: string; message: string }>;
    embeddings: { status: string; embedded: number; documents: number; model?: string; reason?: string };
    durationMs: number;
  },
): string {
  const s = ctx.style;
  const lines = [
    `Indexed ${data.files} files (${data.added} added, ${data.updated} updated, ${data.removed} removed): ${data.documents} documents, ${data.values} values, ${(data.durationMs / 1000).toFixed(2)} s.`,
  ];
  for (const error of data.errors) lines.push(`${s.yellow('skipped')} ${error.file}: ${error.message}`);
  const e = data.embeddings;
  if (e.status === 'ok') lines.push(`Embeddings: ${e.embedded}/${e.documents} documents (${e.model}).`);
  else if (e.status === 'failed')
    lines.push(s.yellow(`Embeddings failed: ${e.reason}. Search stays lexical until this is fixed.`));
  else lines.push(s.dim(`Embeddings: ${e.reason ?? 'not configured'}.`));
  return lines.join('\n');
}

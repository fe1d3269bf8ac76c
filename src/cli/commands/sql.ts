import type { Command } from 'commander';
import { EXIT, KtxError } from '../../core/errors.js';
import { parseTimeoutFlag } from '../../core/flags.js';
import { run } from '../runner.js';
import { readStdin } from '../stdin.js';

interface SqlFlags {
  connection?: string;
  maxRows?: string;
  format?: string;
  timeout?: string;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('Run one read-only SQL query on a connection (refuses anything that could write)')
    .argument('[sql...]', 'the query (words are joined with spaces); `-` or nothing reads it from stdin')
    .option(
      '-c, --connection <id>',
      'connection to query (default: project.default_connection, or the only one)',
    )
    .option('--max-rows <n>', 'row cap, 1–10000 (default 1000)')
    .option('--format <format>', 'table | json | csv (default: table on a terminal, csv otherwise)')
    .option('--timeout <ms>', 'statement timeout (default: connections.<id>.query_timeout_ms or 30000)')
    .action(
      run<SqlFlags>(async (ctx, words, flags) => {
        const format = flags.format ?? (process.stdout.isTTY ? 'table' : 'csv');
        if (!['table', 'json', 'csv'].includes(format)) {
          throw new KtxError('usage', `--format must be table, json or csv (got "${format}").`, {
            exitCode: EXIT.usage,
          });
        }
        const timeoutMs = parseTimeoutFlag(flags.timeout);
        const fromStdin = words.length === 0 || (words.length === 1 && words[0] === '-');
        if (fromStdin && process.stdin.isTTY) {
          throw new KtxError('usage', 'No SQL given.', {
            hint: 'ktx sql --connection <id> "select …" (or pipe the query on stdin)',
            exitCode: EXIT.usage,
          });
        }
        const sql = fromStdin ? await readStdin() : words.join(' ');
        const project = await ctx.project();
        const { runSql } = await import('../../connectors/run-sql.js');
        const result = await runSql(project, sql, {
          connection: flags.connection,
          maxRows: flags.maxRows,
          timeoutMs,
        });
        const note = result.truncated
          ? `${result.rowCount} rows shown; the result has more (row cap ${result.maxRows}). Aggregate, filter, or raise --max-rows (max 10000).`
          : undefined;
        if (note) ctx.warn({ code: 'sql_truncated', message: note });
        const output = await import('../../connectors/output.js');
        return {
          data: {
            connection: result.connection,
            driver: result.driver,
            columns: result.columns,
            rows: result.rows,
            rowCount: result.rowCount,
            truncated: result.truncated,
            maxRows: result.maxRows,
            durationMs: result.durationMs,
          },
          human: () => {
            if (format === 'json') return JSON.stringify(output.rowsAsObjects(result), null, 2);
            if (format === 'csv') return output.formatCsv(result);
            ctx.info(
              ctx.errStyle.dim(
                `${result.rowCount} row${result.rowCount === 1 ? '' : 's'} · ${result.durationMs} ms · ${result.connection}`,
              ),
            );
            return output.formatResultTable(result, ctx.style);
          },
        };
      }),
    );
}

import { type Command, Option } from 'commander';
import { commandGroup } from '../command-group.js';
import type { CommandContext, CommandResult } from '../context.js';
import { run } from '../runner.js';

/** `ktx sl list | read | validate | query`: the semantic layer (`sl search` comes from search). */

const collect = (value: string, previous: string[] = []) => [...previous, value];
const CONNECTION = [
  '--connection-id <id>',
  'connection (default: the only one, or project.default_connection)',
] as const;

type Outcome = Awaited<ReturnType<typeof import('../../semantic/cli/commands.js')['slList']>>;

function result(ctx: CommandContext, outcome: Outcome): CommandResult {
  for (const warning of outcome.warnings ?? []) ctx.warn(warning);
  return {
    data: outcome.data,
    human: outcome.human,
    ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
  };
}

const actions = () => import('../../semantic/cli/commands.js');

export function registerSl(program: Command): void {
  const sl = commandGroup(
    program,
    'sl',
    'The semantic layer: sources, validation, and fan/chasm-safe queries',
  );

  sl.command('list')
    .description('List the semantic sources of a connection')
    .option(...CONNECTION)
    .action(
      run<{ connectionId?: string }>(async (ctx, _args, options) =>
        result(ctx, await (await actions()).slList(await ctx.project(), options.connectionId, ctx.style)),
      ),
    );

  sl.command('read')
    .description('Show one source: its columns, measures, segments and joins')
    .argument('<source>', 'source name')
    .option(...CONNECTION)
    .action(
      run<{ connectionId?: string }>(async (ctx, [name], options) =>
        result(
          ctx,
          await (await actions()).slRead(await ctx.project(), name!, options.connectionId, ctx.style),
        ),
      ),
    );

  sl.command('validate')
    .description('Check sources: schema (file:line), references, expressions, cycles, and the latest scan')
    .argument('[source]', 'only report problems of this source')
    .option(...CONNECTION)
    .option('--live', "also run each source's SQL on the warehouse with LIMIT 0 (read-only)")
    .action(
      run<{ connectionId?: string; live?: boolean }>(async (ctx, [source], options) =>
        result(
          ctx,
          await (await actions()).slValidate(
            await ctx.project(),
            source,
            options.connectionId,
            ctx.style,
            options.live === true,
          ),
        ),
      ),
    );

  sl.command('query')
    .description(
      'Compile a semantic query to SQL for the connection (fan and chasm traps handled); --execute runs it',
    )
    .option(...CONNECTION)
    .option(
      '--query-file <path>',
      'the query as JSON ({measures, dimensions, filters, segments, order_by, limit}); - for stdin',
    )
    .option(
      '--measure <measure>',
      'orders.revenue, a bare unique name, or sum(orders.amount) (repeatable)',
      collect,
    )
    .option('--dimension <field>', 'customers.segment, or orders.created_at:month (repeatable)', collect)
    .option(
      '--filter <sql>',
      'a predicate, e.g. "customers.is_test = false" or "orders.revenue > 100" (repeatable)',
      collect,
    )
    .option('--segment <source.segment>', 'a named filter, e.g. orders.paid (repeatable)', collect)
    .option('--order-by <field[:desc]>', 'an output column, optionally :asc or :desc (repeatable)', collect)
    .option('--limit <n>', 'maximum rows')
    .option('--include-empty', 'keep dimension values that have no rows for any measure')
    .addOption(
      new Option('--format <format>', 'output (default: table with --execute, else sql)').choices([
        'sql',
        'json',
        'table',
      ]),
    )
    .option('--execute', 'run the query on the connection (read-only) and return its rows')
    .option(
      '--max-rows <n>',
      'row cap with --execute, 1–10000 (default connections.<id>.max_rows, else 1000)',
    )
    .option(
      '--timeout <ms>',
      'statement timeout with --execute (default connections.<id>.query_timeout_ms or 30000)',
    )
    .option('--explain', 'show how the query was planned (join paths, strategies, filter placement)')
    .option(
      '--dialect <dialect>',
      "print for another dialect than the connection's (user SQL fragments are kept as written)",
    )
    .action(
      run<import('../../semantic/cli/commands.js').QueryCommandFlags>(async (ctx, _args, options) =>
        result(ctx, await (await actions()).slQuery(await ctx.project(), options, ctx.style)),
      ),
    );
}

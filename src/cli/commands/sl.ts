import { type Command, Option } from 'commander';
import { EXIT, usageError } from '../../core/errors.js';
import { commandGroup } from '../command-group.js';
import { run } from '../runner.js';

/** `ktx sl list | read | validate | query`: the semantic layer (the `sl search` command comes from search). */

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ConnectionOption {
  connectionId?: string;
}

async function connection(ctx: Parameters<Parameters<typeof run>[0]>[0], requested: string | undefined) {
  const project = await ctx.project();
  const { resolveSemanticConnection } = await import('../../semantic/service.js');
  return resolveSemanticConnection(project, requested);
}

export function registerSl(program: Command): void {
  const sl = commandGroup(
    program,
    'sl',
    'The semantic layer: sources, validation, and fan/chasm-safe queries',
  );

  sl.command('list')
    .description('List the semantic sources of a connection')
    .option('--connection-id <id>', 'connection (default: the only one, or project.default_connection)')
    .action(
      run<ConnectionOption>(async (ctx, _args, options) => {
        const target = await connection(ctx, options.connectionId);
        const { openSemanticModel } = await import('../../semantic/service.js');
        const { listSources } = await import('../../semantic/cli/inspect.js');
        const { renderSourceList } = await import('../../semantic/cli/render.js');
        const opened = await openSemanticModel(target);
        for (const file of opened.brokenFiles) {
          ctx.warn({
            code: 'sl_source_invalid',
            message: `${file} failed to load and is not listed`,
            fix: `Run \`ktx sl validate --connection-id ${target.connectionId}\``,
          });
        }
        const sources = listSources(opened.model);
        return {
          data: { connectionId: target.connectionId, dialect: target.dialect, sources },
          human: () => renderSourceList(target.connectionId, sources, ctx.style),
        };
      }),
    );

  sl.command('read')
    .description('Show one source: its columns, measures, segments and joins')
    .argument('<source>', 'source name')
    .option('--connection-id <id>', 'connection (default: the only one, or project.default_connection)')
    .action(
      run<ConnectionOption>(async (ctx, [name], options) => {
        const target = await connection(ctx, options.connectionId);
        const { openSemanticModel } = await import('../../semantic/service.js');
        const { describeSource } = await import('../../semantic/cli/inspect.js');
        const { renderSource } = await import('../../semantic/cli/render.js');
        const detail = describeSource((await openSemanticModel(target)).model, name!);
        return { data: detail, human: () => renderSource(detail, ctx.style) };
      }),
    );

  sl.command('validate')
    .description('Check sources: schema (file:line), references, expressions, cycles, and the latest scan')
    .argument('[source]', 'only report problems of this source')
    .option('--connection-id <id>', 'connection (default: the only one, or project.default_connection)')
    .action(
      run<ConnectionOption>(async (ctx, [source], options) => {
        const target = await connection(ctx, options.connectionId);
        const { validateSemanticLayerFiles } = await import('../../semantic/validate.js');
        const { renderValidation } = await import('../../semantic/cli/render.js');
        const report = validateSemanticLayerFiles(target.projectDir, target.connectionId, target.dialect, {
          ...(source ? { source } : {}),
        });
        return {
          data: report,
          exitCode: report.valid ? EXIT.ok : EXIT.failure,
          human: () => renderValidation(report, ctx.style),
        };
      }),
    );

  sl.command('query')
    .description('Compile a semantic query to SQL for the connection (fan and chasm traps handled)')
    .option('--connection-id <id>', 'connection (default: the only one, or project.default_connection)')
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
    .addOption(new Option('--format <format>', 'output').choices(['sql', 'json', 'table']).default('sql'))
    .option('--explain', 'show how the query was planned (join paths, strategies, filter placement)')
    .option(
      '--dialect <dialect>',
      "print for another dialect than the connection's (user SQL fragments are kept as written)",
    )
    .action(
      run<
        ConnectionOption & {
          queryFile?: string;
          measure?: string[];
          dimension?: string[];
          filter?: string[];
          segment?: string[];
          orderBy?: string[];
          limit?: string;
          includeEmpty?: boolean;
          format: 'sql' | 'json' | 'table';
          explain?: boolean;
          dialect?: string;
        }
      >(async (ctx, _args, options) => {
        const { queryFromFlags } = await import('../../semantic/cli/query-input.js');
        const query = await queryFromFlags(options);
        const target = await connection(ctx, options.connectionId);
        const { resolveDialectName, DIALECT_NAMES } = await import('../../semantic/dialects/index.js');
        const dialect = options.dialect ? resolveDialectName(options.dialect) : undefined;
        if (options.dialect && !dialect) {
          throw usageError(
            `Unknown dialect "${options.dialect}".`,
            `Use one of: ${DIALECT_NAMES.join(', ')}.`,
          );
        }
        const { compileForConnection } = await import('../../semantic/service.js');
        const { renderCompiled } = await import('../../semantic/cli/render.js');
        const compiled = await compileForConnection(target, query, dialect ? { dialect } : {});
        const { logical: _logical, ...data } = compiled;
        return {
          data,
          human: () => renderCompiled(compiled, options.format, options.explain === true, ctx.style),
        };
      }),
    );
}

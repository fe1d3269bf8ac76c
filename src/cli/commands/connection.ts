import type { Command } from 'commander';
import { EXIT, KtxError } from '../../core/errors.js';
import { formatTable } from '../../core/terminal.js';
import { commandGroup } from '../command-group.js';
import type { CommandContext } from '../context.js';
import { run } from '../runner.js';
import { readStdin } from '../stdin.js';

interface AddFlags {
  driver?: string;
  host?: string;
  port?: string;
  database?: string;
  user?: string;
  passwordEnv?: string;
  passwordFile?: string;
  passwordStdin?: boolean;
  url?: string;
  urlEnv?: string;
  schema?: string[];
  path?: string;
  ssl?: string | boolean;
  description?: string;
  skipTest?: boolean;
  force?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function readPassword(ctx: CommandContext): Promise<string> {
  if (process.stdin.isTTY) {
    if (!ctx.interactive) {
      throw new KtxError('usage', '--password-stdin needs the password on standard input.', {
        hint: 'Pipe it in, e.g. `printf %s "$PW" | ktx connection add …`, or use --password-env NAME.',
        exitCode: EXIT.usage,
      });
    }
    const { password, isCancel } = await import('@clack/prompts');
    const value = await password({ message: 'Password (stored in .ktx/secrets, never in ktx.yaml)' });
    if (isCancel(value)) throw new KtxError('cancelled', 'Cancelled.', { exitCode: EXIT.interrupted });
    return String(value);
  }
  return (await readStdin()).replace(/\r?\n$/, '');
}

function registerAdd(group: Command): void {
  group
    .command('add')
    .description('Add a warehouse connection (validated and tested before ktx.yaml is written)')
    .argument('<id>', 'connection id, e.g. wh')
    .option('--driver <driver>', 'sqlite | duckdb | postgres | mysql | mariadb')
    .option('--host <host>', 'server host (postgres, mysql)')
    .option('--port <port>', 'server port')
    .option('--database <name>', 'database name')
    .option('--user <user>', 'user name')
    .option('--password-env <NAME>', 'read the password from environment variable NAME (stored as env:NAME)')
    .option('--password-file <path>', 'read the password from a file (stored as file:PATH)')
    .option('--password-stdin', 'read the password from stdin (stored in .ktx/secrets with mode 0600)')
    .option('--url <url>', 'connection URL (a password in it is moved to .ktx/secrets)')
    .option('--url-env <NAME>', 'read the connection URL from environment variable NAME')
    .option('--schema <schema>', 'schema (database on MySQL) to include; repeatable', collect)
    .option('--path <file>', 'database file (sqlite, duckdb), relative to the project')
    .option('--ssl [mode]', 'TLS: disable | prefer | require | verify-full (flag alone = require)')
    .option('--description <text>', 'what this warehouse holds')
    .option('--skip-test', 'save without connecting first')
    .option('--force', 'replace an existing connection with the same id')
    .action(
      run<AddFlags>(async (ctx, [id], flags) => {
        const project = await ctx.project();
        const manage = await import('../../connectors/manage.js');
        manage.checkConnectionId(id!);
        const passwordFromStdin = flags.passwordStdin ? await readPassword(ctx) : undefined;
        const draft = manage.buildConnectionBlock(id!, { ...flags, passwordFromStdin });
        let test: { latencyMs: number; serverVersion: string } | undefined;
        if (!flags.skipTest) {
          const { connectorFor } = await import('../../connectors/registry.js');
          const { block, env } = manage.testableDraft(draft);
          ctx.info(`Testing ${id} (${block.driver})…`);
          const connector = await connectorFor(id!, block, project.dir, { env });
          try {
            test = await connector.test();
          } catch (error) {
            if (KtxError.is(error)) {
              throw new KtxError(error.code, `${error.message}`, {
                hint: `${error.hint ?? ''} Nothing was written. Fix it and retry, or pass --skip-test to save it anyway.`.trim(),
                details: error.details,
              });
            }
            throw error;
          } finally {
            await connector.close();
          }
        }
        const { replaced } = await manage.addConnection(project, id!, draft, flags.force === true);
        const { commitIfOwned } = await import('../../project/commit.js');
        const sha = commitIfOwned(
          project.dir,
          `connection: ${replaced ? 'replace' : 'add'} ${id}`,
          ['ktx.yaml'],
          ctx,
        );
        const { describeConnection } = await import('../../connectors/describe.js');
        const summary = describeConnection(id!, draft.block, project.config.project.default_connection);
        return {
          data: {
            connection: summary,
            replaced,
            tested: test ?? null,
            commit: sha,
            secretsStored: draft.secrets.map((s) => s.name),
          },
          human: () => {
            const s = ctx.style;
            const tested = test ? ` · ${test.serverVersion}, ${test.latencyMs} ms` : ' · not tested';
            const lines = [
              `${s.green('✓')} ${replaced ? 'Replaced' : 'Added'} connection ${s.bold(id!)} (${summary.driver}, ${summary.target})${tested}`,
            ];
            for (const secret of draft.secrets)
              lines.push(
                s.dim(
                  `  ${secret.field} stored in .ktx/secrets/${secret.name} (0600); ktx.yaml holds only the reference`,
                ),
              );
            lines.push('', 'Next:', `  ktx sql --connection ${id} "select 1"`);
            return lines.join('\n');
          },
        };
      }),
    );
}

function registerList(group: Command): void {
  group
    .command('list', { isDefault: true })
    .description('List configured connections')
    .action(
      run(async (ctx) => {
        const project = await ctx.project();
        const { describeConnections } = await import('../../connectors/describe.js');
        const connections = describeConnections(
          project.config.connections,
          project.config.project.default_connection,
        );
        return {
          data: { connections },
          human: () => {
            if (connections.length === 0)
              return 'No connections configured. Add one with `ktx connection add <id> --driver …` (or try `ktx demo`).';
            const s = ctx.style;
            const rows = [
              ['ID', 'DRIVER', 'TARGET', 'DESCRIPTION'].map((h) => s.bold(h)),
              ...connections.map((c) => [
                c.isDefault ? `${c.id} ${s.dim('(default)')}` : c.id,
                c.driver,
                c.target,
                c.description ?? '',
              ]),
            ];
            return formatTable(rows);
          },
        };
      }),
    );
}

function registerTest(group: Command): void {
  group
    .command('test')
    .description('Connect to warehouses: ok, latency and server version, or a categorised error with a fix')
    .argument('[id]', 'connection to test (default: all)')
    .option('--all', 'test every connection')
    .option('--timeout <ms>', 'time allowed per connection', '10000')
    .action(
      run<{ all?: boolean; timeout: string }>(async (ctx, [id], options) => {
        if (id && options.all)
          throw new KtxError('usage', 'Give a connection id or --all, not both.', { exitCode: EXIT.usage });
        const timeoutMs = Number(options.timeout);
        if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
          throw new KtxError(
            'usage',
            `--timeout must be a number of milliseconds ≥ 100 (got "${options.timeout}").`,
            { exitCode: EXIT.usage },
          );
        const project = await ctx.project();
        const { testConnections } = await import('../../connectors/test-connections.js');
        const { requireConnection } = await import('../../connectors/resolve.js');
        if (id) requireConnection(project.config.connections, id);
        const ids = id ? [id] : Object.keys(project.config.connections).sort();
        if (ids.length === 0) {
          return {
            data: { results: [], passed: 0, failed: 0 },
            human:
              'No connections configured. Add one with `ktx connection add <id> --driver …` (or try `ktx demo`).',
          };
        }
        const results = await testConnections(project, ids, timeoutMs);
        const failed = results.filter((r) => !r.ok);
        if (id && failed[0]?.error) {
          const error = failed[0].error;
          throw new KtxError(error.code, error.message, { hint: error.hint, details: { result: failed[0] } });
        }
        return {
          data: { results, passed: results.length - failed.length, failed: failed.length },
          exitCode: failed.length > 0 ? EXIT.failure : EXIT.ok,
          human: () => {
            const s = ctx.style;
            const lines = results.map((r) =>
              r.ok
                ? `${s.green('✓')} ${r.id}  ${s.dim(r.driver)}  ${r.serverVersion} · ${r.latencyMs} ms`
                : `${s.red('✗')} ${r.id}  ${s.dim(r.driver)}  ${r.error!.message}${r.error!.hint ? s.dim(`\n    fix: ${r.error!.hint}`) : ''}`,
            );
            lines.push(
              '',
              `${results.length} tested · ${results.length - failed.length} passed${failed.length ? ` · ${s.red(`${failed.length} failed`)}` : ''}`,
            );
            return lines.join('\n');
          },
        };
      }),
    );
}

function registerRemove(group: Command): void {
  group
    .command('remove')
    .description('Remove a connection from ktx.yaml (and the secrets ktx stored for it)')
    .argument('<id>', 'connection id')
    .action(
      run(async (ctx, [id]) => {
        const project = await ctx.project();
        const { removeConnection } = await import('../../connectors/manage.js');
        const { secretsRemoved } = await removeConnection(project, id!);
        const { commitIfOwned } = await import('../../project/commit.js');
        const sha = commitIfOwned(project.dir, `connection: remove ${id}`, ['ktx.yaml'], ctx);
        return { data: { removed: id, secretsRemoved, commit: sha }, human: `Removed connection ${id}.` };
      }),
    );
}

export function registerConnection(program: Command): void {
  const group = commandGroup(program, 'connection', 'Warehouse connections: add, list, test, remove');
  registerAdd(group);
  registerList(group);
  registerTest(group);
  registerRemove(group);
}

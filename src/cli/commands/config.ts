import type { Command } from 'commander';
import { EXIT, KtxError } from '../../core/errors.js';
import { commandGroup } from '../command-group.js';
import { run } from '../runner.js';

const SECRET_KEY = /(password|api_key|token|secret|url)$/i;

/** Literal credentials in ktx.yaml are masked; references (env:/file:) are shown, they are not secrets. */
export function maskSecrets(key: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(key, item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(k, v)]));
  }
  if (typeof value !== 'string' || !SECRET_KEY.test(key)) return value;
  return value.startsWith('env:') || value.startsWith('file:') ? value : '[redacted]';
}

export function registerConfig(program: Command): void {
  const config = commandGroup(program, 'config', 'Validate, read and edit ktx.yaml (comments are preserved)');

  config
    .command('validate')
    .description('Check ktx.yaml against the schema; reports file:line:col for every problem')
    .action(
      run(async (ctx) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { readFileSync } = await import('node:fs');
        const { validateConfigText, formatIssue } = await import('../../project/config/validate.js');
        const { projectPaths } = await import('../../project/layout.js');
        const { dir } = requireProjectDir({ flag: ctx.projectDirFlag });
        const file = projectPaths(dir).config;
        const { issues } = validateConfigText(readFileSync(file, 'utf8'));
        const errors = issues.filter((issue) => issue.severity === 'error');
        const warnings = issues.filter((issue) => issue.severity === 'warning');
        return {
          data: { file, valid: errors.length === 0, errors, warnings },
          exitCode: errors.length > 0 ? EXIT.failure : EXIT.ok,
          human: () => {
            const s = ctx.style;
            const lines = issues.map((issue) => {
              const tag = issue.severity === 'error' ? s.red('error  ') : s.yellow('warning');
              return `${tag} ${formatIssue(issue)}${issue.fix ? s.dim(`\n        fix: ${issue.fix}`) : ''}`;
            });
            const summary =
              errors.length > 0
                ? s.red(`ktx.yaml is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}).`)
                : `${s.green('✓')} ktx.yaml is valid${warnings.length ? ` (${warnings.length} ignored field${warnings.length === 1 ? '' : 's'})` : ''}.`;
            return [...lines, summary].join('\n');
          },
        };
      }),
    );

  config
    .command('get')
    .description('Print a value from ktx.yaml, e.g. `ktx config get llm.provider.backend`')
    .argument('<path>', 'dotted path, e.g. project.name or connections.wh.schemas[0]')
    .action(
      run(async (ctx, [path]) => {
        const project = await ctx.project();
        const { parseConfigPath, readConfigValue, parseConfigDocument } = await import(
          '../../project/config/edit.js'
        );
        const doc = parseConfigDocument(project.loaded.text);
        const { nearest } = await import('../../core/text.js');
        const parts = parseConfigPath(path!);
        const { found, value } = readConfigValue(doc, parts);
        if (!found) {
          const parent = parts.slice(0, -1);
          const siblings = readConfigValue(doc, parent);
          const keys =
            siblings.value && typeof siblings.value === 'object' ? Object.keys(siblings.value as object) : [];
          const close = nearest(String(parts.at(-1)), keys);
          throw new KtxError('config_path_not_found', `${path} is not set in ktx.yaml.`, {
            hint: close.length
              ? `Did you mean ${close.map((key) => [...parent, key].join('.')).join(', ')}?`
              : `Set it with \`ktx config set ${path} <value>\`.`,
          });
        }
        const shown = maskSecrets(String(parts.at(-1) ?? ''), value);
        return {
          data: { path, value: shown },
          human: () => (typeof shown === 'object' ? JSON.stringify(shown, null, 2) : String(shown)),
        };
      }),
    );

  config
    .command('set')
    .description('Set a value in ktx.yaml (validated first, written atomically, comments kept)')
    .argument('<path>', 'dotted path, e.g. project.name')
    .argument('<value>', 'the value; YAML syntax for numbers, booleans and lists ([a, b])')
    .action(
      run(async (ctx, [path, value]) => {
        const project = await ctx.project();
        const { parseConfigPath, setConfigValue } = await import('../../project/config/edit.js');
        const { commitIfOwned } = await import('../../project/commit.js');
        const parts = parseConfigPath(path!);
        const result = await setConfigValue(project.dir, parts, value!);
        const sha = result.changed
          ? commitIfOwned(project.dir, `config: set ${path}`, ['ktx.yaml'], ctx)
          : null;
        return {
          data: { path, changed: result.changed, commit: sha },
          human: result.changed ? `Set ${path} in ktx.yaml.` : `${path} already has that value.`,
        };
      }),
    );

  config
    .command('unset')
    .description('Remove a value from ktx.yaml')
    .argument('<path>', 'dotted path')
    .action(
      run(async (ctx, [path]) => {
        const project = await ctx.project();
        const { parseConfigPath, unsetConfigValue } = await import('../../project/config/edit.js');
        const { commitIfOwned } = await import('../../project/commit.js');
        const parts = parseConfigPath(path!);
        const result = await unsetConfigValue(project.dir, parts);
        const sha = result.changed
          ? commitIfOwned(project.dir, `config: unset ${path}`, ['ktx.yaml'], ctx)
          : null;
        return {
          data: { path, changed: result.changed, commit: sha },
          human: result.changed ? `Removed ${path} from ktx.yaml.` : `${path} was not set.`,
        };
      }),
    );
}

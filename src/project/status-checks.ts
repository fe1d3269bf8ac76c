import { KtxError } from '../core/errors.js';
import { plural } from '../core/text.js';
import type { CheckProvider, StatusCheck } from '../status/types.js';
import { loadConfig } from './config/load.js';
import type { ConfigIssue } from './config/validate.js';
import { repoState } from './git.js';

export const projectChecks: CheckProvider = {
  order: 0,
  async run(ctx) {
    const checks: StatusCheck[] = [];
    if (ctx.loaded) {
      const warnings = ctx.loaded.warnings;
      checks.push({
        id: 'project.config',
        label: 'Config',
        status: warnings.length ? 'warn' : 'ok',
        message: warnings.length
          ? `ktx.yaml valid · ${plural(warnings.length, 'unknown field')} ignored (${warnings.map((w) => w.path).join(', ')})`
          : `ktx.yaml valid (version ${ctx.loaded.config.version})`,
        fix: warnings.length
          ? 'Run `ktx config validate` to see the ignored fields and remove them.'
          : undefined,
        details: { warnings },
      });
    } else {
      let message = 'ktx.yaml is invalid';
      let fix = 'Run `ktx config validate` and fix the reported lines in ktx.yaml.';
      let details: Record<string, unknown> | undefined;
      try {
        await loadConfig(ctx.projectDir);
      } catch (error) {
        if (KtxError.is(error)) {
          details = error.details;
          const issues = (error.details?.issues ?? []) as ConfigIssue[];
          if (issues[0]) {
            // Only an invalid ktx.yaml needs the validator (it loads zod and the YAML parser).
            const { formatIssue } = await import('./config/validate.js');
            const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
            message = `${formatIssue(issues[0]).split('\n')[0]}${more}`;
            if (issues.length === 1 && issues[0].fix) fix = issues[0].fix;
          } else {
            message = error.message.split('\n')[0] ?? message;
          }
        }
      }
      checks.push({ id: 'project.config', label: 'Config', status: 'fail', message, fix, details });
    }

    const repo = repoState(ctx.projectDir);
    if (repo.kind === 'ktx') {
      checks.push({
        id: 'project.git',
        label: 'Git',
        status: 'ok',
        message: repo.dirtyFiles
          ? `ktx-managed repository · ${plural(repo.dirtyFiles, 'uncommitted change')}`
          : 'ktx-managed repository · clean',
        details: { head: repo.head, dirtyFiles: repo.dirtyFiles },
      });
    } else if (repo.kind === 'none') {
      checks.push({
        id: 'project.git',
        label: 'Git',
        status: 'warn',
        message: 'no git repository; context changes are not versioned',
        fix: `Run \`ktx init ${ctx.projectDir}\` to create the project repository.`,
      });
    } else {
      checks.push({
        id: 'project.git',
        label: 'Git',
        status: 'fail',
        message: 'the project directory is a git repository ktx did not create',
        fix: 'Move the ktx project into a dedicated folder (`ktx init <dir>`), ktx commits only to its own repository.',
      });
    }
    return checks;
  },
};

import { errorMessage } from '../core/errors.js';
import type { CheckProvider, StatusCheck } from '../status/types.js';
import { type InstallHealth, inspectInstalls } from './inspect.js';

/**
 * The `agents` readiness check: which agent clients are connected (from the install manifest),
 * and whether each connection still works — the launcher it runs exists and the files and
 * config entries ktx wrote are in place. Optional: no agent is a `skip`, never a failure.
 */

const CONNECT = 'Connect an agent: `ktx setup --agents --target claude-code|codex|cursor|opencode|universal`';

function describe(install: InstallHealth): string {
  return `${install.label}${install.scope === 'global' ? ' (global)' : ''}`;
}

export const agentChecks: CheckProvider = {
  order: 50,
  async run(ctx): Promise<StatusCheck[]> {
    let installs: InstallHealth[];
    try {
      installs = inspectInstalls(ctx.projectDir);
    } catch (error) {
      return [
        {
          id: 'agents',
          label: 'Agents',
          status: 'warn',
          message: `the agent install manifest is unreadable: ${errorMessage(error)}`,
          fix: 'Re-run `ktx setup --agents --target <client>` to rewrite it.',
        },
      ];
    }
    if (installs.length === 0) {
      return [
        {
          id: 'agents',
          label: 'Agents',
          status: 'skip',
          message: 'no agent connected yet (optional)',
          fix: CONNECT,
        },
      ];
    }
    const broken = installs.filter((install) => !install.ok);
    const details = {
      installs: installs.map(({ target, scope, ok, missingLauncher }) => ({
        target,
        scope,
        ok,
        missingLauncher,
      })),
    };
    if (broken.length === 0) {
      return [
        {
          id: 'agents',
          label: 'Agents',
          status: 'ok',
          message: `connected: ${installs.map(describe).join(', ')}`,
          details,
        },
      ];
    }
    const first = broken[0]!;
    const why = first.missingLauncher.length
      ? `its launcher ${first.missingLauncher.join(' and ')} no longer exists (ktx or node moved)`
      : `${first.files
          .filter((file) => !file.present)
          .map((file) => file.path)
          .join(', ')} no longer has the ktx entry`;
    return [
      {
        id: 'agents',
        label: 'Agents',
        status: 'warn',
        message: `${describe(first)} will not reach ktx: ${why}${broken.length > 1 ? ` (and ${broken.length - 1} more)` : ''}`,
        fix: `Re-run \`ktx setup --agents --target ${first.target}${first.scope === 'global' ? ' --global' : ''}\` to rewrite it.`,
        details,
      },
    ];
  },
};

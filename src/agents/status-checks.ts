import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPaths } from '../project/layout.js';
import type { CheckProvider } from '../status/types.js';

export const agentChecks: CheckProvider = {
  order: 50,
  async run(ctx) {
    const manifest = join(projectPaths(ctx.projectDir).agents, 'install-manifest.json');
    if (existsSync(manifest)) {
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as {
          installs?: Array<{ target?: string }>;
        };
        const targets = [
          ...new Set((parsed.installs ?? []).map((install) => install.target).filter(Boolean)),
        ];
        if (targets.length > 0) {
          return [
            { id: 'agents', label: 'Agents', status: 'ok', message: `connected: ${targets.join(', ')}` },
          ];
        }
      } catch {
        return [
          {
            id: 'agents',
            label: 'Agents',
            status: 'warn',
            message: 'agent install manifest is unreadable',
            fix: 'Re-run `ktx setup --agents` to rewrite it.',
          },
        ];
      }
    }
    return [
      {
        id: 'agents',
        label: 'Agents',
        status: 'skip',
        message: 'no agent connected yet (optional)',
        fix: 'Connect an agent: `ktx setup --agents --target claude-code|codex|cursor|opencode`',
      },
    ];
  },
};

import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';
import type { AgentTarget } from '../project/config/schema.js';
import type { Change } from './changes.js';
import { cursorRule, type InstructionContext, opencodeCommand, skillFile } from './instructions.js';
import type { AgentScope, Launcher } from './manifest.js';
import { renderTable } from './toml-table.js';

/**
 * What `ktx setup --agents` writes for each client, per scope. The MCP entry always launches
 * `ktx mcp stdio --project-dir <project>` through this installation's own node and bin/ktx.js
 * (absolute paths: agent clients often run without the user's shell PATH); `ktx status` warns
 * when either path disappears. No environment and no secret is ever written into a client file.
 */

export interface TargetContext extends InstructionContext {
  env: NodeJS.ProcessEnv;
  /** Read-only ktx tool names, allowed without prompts where a client supports that. */
  readOnlyTools: string[];
}

export interface TargetPlan {
  changes: Change[];
  /** What the user does next (open the client, approve the server…). */
  next: string[];
  /** Things this target cannot do in this scope. */
  notes: string[];
}

export const TARGET_LABELS: Record<AgentTarget, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
  cursor: 'Cursor',
  opencode: 'OpenCode',
  universal: 'Other agents (.agents/skills)',
};

export function ktxLauncher(projectDir: string): Launcher {
  return {
    command: process.execPath,
    args: [join(packageRoot(), 'bin', 'ktx.js'), 'mcp', 'stdio', '--project-dir', projectDir],
  };
}

const MARKER = 'Written by `ktx setup --agents`; `ktx agents remove` takes it out.';

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

export function planTarget(target: AgentTarget, scope: AgentScope, ctx: TargetContext): TargetPlan {
  const launcher = ktxLauncher(ctx.projectDir);
  const root = scope === 'project' ? ctx.projectDir : home(ctx.env);
  const skill = (dir: string): Change => ({
    kind: 'file',
    path: join(dir, 'ktx', 'SKILL.md'),
    content: skillFile(ctx),
  });
  switch (target) {
    case 'claude-code':
      return {
        changes: [
          skill(join(root, '.claude', 'skills')),
          {
            kind: 'json-value',
            path: scope === 'project' ? join(root, '.mcp.json') : join(root, '.claude.json'),
            keyPath: ['mcpServers', 'ktx'],
            value: { type: 'stdio', command: launcher.command, args: launcher.args },
          },
          {
            kind: 'json-items',
            path: join(root, '.claude', scope === 'project' ? 'settings.local.json' : 'settings.json'),
            keyPath: ['permissions', 'allow'],
            items: ctx.readOnlyTools.map((tool) => `mcp__ktx__${tool}`),
          },
        ],
        next: [
          scope === 'project'
            ? `Open Claude Code in ${ctx.projectDir} (\`claude\`) and approve the "ktx" server from .mcp.json when asked.`
            : 'Open Claude Code anywhere: the "ktx" server is in your user configuration.',
          'Read-only ktx tools run without prompts; wiki_write still asks.',
        ],
        notes: [],
      };
    case 'codex': {
      const codexHome =
        scope === 'project' ? join(root, '.codex') : ctx.env.CODEX_HOME || join(root, '.codex');
      return {
        changes: [
          skill(join(root, '.agents', 'skills')),
          {
            kind: 'toml-table',
            path: join(codexHome, 'config.toml'),
            table: ['mcp_servers', 'ktx'],
            block: renderTable(
              ['mcp_servers', 'ktx'],
              { command: launcher.command, args: launcher.args },
              MARKER,
            ),
          },
        ],
        next: [
          scope === 'project'
            ? `Open Codex in ${ctx.projectDir} (\`codex\`); Codex reads .codex/config.toml once you trust the project.`
            : 'Open Codex anywhere: the "ktx" server is in your Codex configuration.',
          'Codex runs read-only ktx tools without asking (they are annotated read-only); wiki_write asks.',
        ],
        notes: [],
      };
    }
    case 'cursor':
      return {
        changes: [
          ...(scope === 'project'
            ? [
                {
                  kind: 'file' as const,
                  path: join(root, '.cursor', 'rules', 'ktx.mdc'),
                  content: cursorRule(ctx),
                },
              ]
            : []),
          {
            kind: 'json-value',
            path: join(root, '.cursor', 'mcp.json'),
            keyPath: ['mcpServers', 'ktx'],
            value: { command: launcher.command, args: launcher.args },
          },
        ],
        next: [
          'Open Cursor (reload the window if it was open) and enable the "ktx" server under Settings › MCP.',
        ],
        notes:
          scope === 'global'
            ? [
                'Cursor keeps user rules in its settings, not in files: use project scope to install the ktx rule.',
              ]
            : [],
      };
    case 'opencode': {
      const config =
        scope === 'project' ? root : join(ctx.env.XDG_CONFIG_HOME || join(root, '.config'), 'opencode');
      return {
        changes: [
          {
            kind: 'file',
            path: join(scope === 'project' ? join(root, '.opencode') : config, 'commands', 'ktx.md'),
            content: opencodeCommand(ctx),
          },
          {
            kind: 'json-value',
            path: join(config, 'opencode.json'),
            keyPath: ['mcp', 'ktx'],
            value: { type: 'local', command: [launcher.command, ...launcher.args], enabled: true },
          },
        ],
        next: ['Open OpenCode and ask with `/ktx <question>`; the ktx tools are available in every session.'],
        notes: [],
      };
    }
    case 'universal':
      return {
        changes: [skill(join(root, '.agents', 'skills'))],
        next: [
          `Point your agent's MCP configuration at: ${[launcher.command, ...launcher.args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ')}`,
        ],
        notes: [],
      };
  }
}

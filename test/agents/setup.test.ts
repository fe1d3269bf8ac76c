import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, KTX_BIN, makeTempDir, runKtx } from '../support/cli.js';
import { createDemoProject } from '../support/mcp-project.js';

/**
 * `ktx setup --agents` and `ktx agents list | remove` through the CLI, for every client and both
 * scopes: the files each client reads, merged into existing configuration without touching the
 * user's other servers, recorded in the manifest, checked by `ktx status`, and undone exactly.
 */

let project: { dir: string; cleanup(): void };
let home: { dir: string; cleanup(): void };
const env = () => cleanEnv({ HOME: home.dir, CODEX_HOME: undefined, XDG_CONFIG_HOME: undefined });
const ktx = (...args: string[]) => runKtx(['--project-dir', project.dir, ...args], { env: env() });
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');
const launcher = () => ({
  command: process.execPath,
  args: [KTX_BIN, 'mcp', 'stdio', '--project-dir', project.dir],
});

const USER_MCP_JSON = `${JSON.stringify({ mcpServers: { github: { command: 'gh-mcp', args: ['--stdio'] } }, note: 'mine' }, null, 4)}\n`;
const USER_CODEX_TOML = `model = "gpt-5.5"

[mcp_servers.github]
command = "gh-mcp"
args = [
  "--stdio",
]

[projects."/elsewhere"]
trust_level = "trusted"
`;
const USER_OPENCODE = `${JSON.stringify({ $schema: 'https://opencode.ai/config.json', mcp: { other: { type: 'local', command: ['x'] } } }, null, 2)}\n`;
const ALL = 'claude-code,codex,cursor,opencode,universal';

beforeAll(async () => {
  project = await createDemoProject('ktx-agents-');
  home = makeTempDir('ktx-agents-home-');
}, 180_000);
afterAll(() => {
  project.cleanup();
  home.cleanup();
});

describe('ktx setup --agents', () => {
  it('needs a target without a terminal, and names the valid ones', async () => {
    const missing = await ktx('--json', 'setup', '--agents', '--no-input');
    expect(missing.code).toBe(64);
    expect(missing.json().error).toMatchObject({ code: 'setup_input_missing' });
    expect(missing.json().error.hint).toContain('--target claude-code');
    const unknown = await ktx('setup', '--agents', '--target', 'vscode', '--no-input');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('Unknown agent target "vscode"');
  });

  it('writes instructions and MCP entries for every client, merged into existing files', async () => {
    expect((await ktx('mcp', 'token')).code).toBe(0);
    const token = read(project.dir, '.ktx', 'secrets', 'mcp-token').trim();
    writeFileSync(join(project.dir, '.mcp.json'), USER_MCP_JSON);
    mkdirSync(join(project.dir, '.codex'));
    writeFileSync(join(project.dir, '.codex', 'config.toml'), USER_CODEX_TOML);
    writeFileSync(join(project.dir, 'opencode.json'), USER_OPENCODE);

    const result = await ktx('--json', 'setup', '--agents', '--target', ALL, '--no-input');
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const installs = result.json().data.agents.installs;
    expect(installs.map((install: { target: string }) => install.target)).toEqual(ALL.split(','));

    for (const skill of ['.claude/skills/ktx/SKILL.md', '.agents/skills/ktx/SKILL.md']) {
      const text = read(project.dir, skill);
      expect(text).toMatch(/^---\nname: ktx\ndescription: ".+"\n---\n/);
      expect(text).toContain('sl_query');
      expect(text).toContain('orbital-demo');
    }
    expect(read(project.dir, '.cursor/rules/ktx.mdc')).toMatch(
      /^---\ndescription: .+\nglobs:\nalwaysApply: false\n---/,
    );
    expect(read(project.dir, '.opencode/commands/ktx.md')).toContain('Question: $ARGUMENTS');

    const mcpJson = JSON.parse(read(project.dir, '.mcp.json'));
    expect(mcpJson).toEqual({
      mcpServers: { github: { command: 'gh-mcp', args: ['--stdio'] }, ktx: { type: 'stdio', ...launcher() } },
      note: 'mine',
    });
    expect(read(project.dir, '.mcp.json')).toMatch(/^\{\n {4}"mcpServers"/);
    const allow = JSON.parse(read(project.dir, '.claude/settings.local.json')).permissions.allow;
    expect(allow).toContain('mcp__ktx__sl_query');
    expect(allow).not.toContain('mcp__ktx__wiki_write');
    expect(JSON.parse(read(project.dir, '.cursor/mcp.json'))).toEqual({ mcpServers: { ktx: launcher() } });
    const opencode = JSON.parse(read(project.dir, 'opencode.json'));
    expect(opencode.mcp).toEqual({
      other: { type: 'local', command: ['x'] },
      ktx: { type: 'local', command: [launcher().command, ...launcher().args], enabled: true },
    });
    const toml = read(project.dir, '.codex/config.toml');
    expect(toml.startsWith(USER_CODEX_TOML)).toBe(true);
    expect(toml).toContain(`[mcp_servers.ktx]\n# Written by`);
    expect(toml).toContain(`command = ${JSON.stringify(process.execPath)}`);

    // No secret and no environment is copied into any client file.
    for (const file of [
      '.mcp.json',
      '.codex/config.toml',
      '.cursor/mcp.json',
      'opencode.json',
      '.claude/settings.local.json',
    ]) {
      const text = read(project.dir, file);
      expect(text, file).not.toContain(token);
      expect(text, file).not.toMatch(/"env"|^env\s*=/m);
    }
  });

  it('records the installs, lists them, and reports readiness in ktx status', async () => {
    const manifest = JSON.parse(read(project.dir, '.ktx/agents/install-manifest.json'));
    expect(manifest.installs).toHaveLength(5);
    const list = await ktx('--json', 'agents', 'list');
    expect(list.json().data.installs.every((install: { ok: boolean }) => install.ok)).toBe(true);
    const status = await ktx('--json', 'status');
    const agents = status.json().data.checks.find((check: { id: string }) => check.id === 'agents');
    expect(agents).toMatchObject({ status: 'ok' });
    expect(agents.message).toContain('Claude Code');
  });

  it('is idempotent: a second run changes nothing', async () => {
    const again = await ktx('--json', 'setup', '--agents', '--target', ALL, '--no-input');
    const actions = again
      .json()
      .data.agents.installs.flatMap((install: { files: Array<{ action: string }> }) =>
        install.files.map((f) => f.action),
      );
    expect(new Set(actions)).toEqual(new Set(['unchanged']));
  });

  it('warns in ktx status when the launcher the clients run has moved', async () => {
    const path = join(project.dir, '.ktx/agents/install-manifest.json');
    const original = read(path);
    const manifest = JSON.parse(original);
    manifest.installs[0].launcher.args[0] = '/nowhere/bin/ktx.js';
    writeFileSync(path, JSON.stringify(manifest));
    try {
      const status = await ktx('--json', 'status');
      const agents = status.json().data.checks.find((check: { id: string }) => check.id === 'agents');
      expect(agents.status).toBe('warn');
      expect(agents.message).toContain('/nowhere/bin/ktx.js');
      expect(agents.fix).toContain('ktx setup --agents --target claude-code');
    } finally {
      writeFileSync(path, original);
    }
  });

  it('`agents remove` undoes exactly what was written, keeping shared and edited files', async () => {
    const codex = await ktx('--json', 'agents', 'remove', '--target', 'codex');
    const files = codex.json().data.removed[0].files;
    expect(files).toContainEqual({
      path: join(project.dir, '.agents/skills/ktx/SKILL.md'),
      action: 'shared',
    });
    expect(read(project.dir, '.codex/config.toml')).toBe(USER_CODEX_TOML);

    writeFileSync(join(project.dir, '.cursor/rules/ktx.mdc'), 'my own edits\n');
    const all = await ktx('agents', 'remove');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('kept (edited since ktx wrote it)');
    expect(read(project.dir, '.mcp.json')).toBe(USER_MCP_JSON);
    expect(read(project.dir, 'opencode.json')).toBe(USER_OPENCODE);
    expect(read(project.dir, '.codex/config.toml')).toBe(USER_CODEX_TOML);
    for (const gone of ['.claude', '.agents', '.opencode', '.cursor/mcp.json']) {
      expect(existsSync(join(project.dir, gone)), gone).toBe(false);
    }
    expect(read(project.dir, '.cursor/rules/ktx.mdc')).toBe('my own edits\n');
    expect(JSON.parse(read(project.dir, '.ktx/agents/install-manifest.json')).installs).toEqual([]);
    const status = await ktx('--json', 'status');
    expect(status.json().data.checks.find((check: { id: string }) => check.id === 'agents').status).toBe(
      'skip',
    );
  });
});

describe('ktx setup --agents --global', () => {
  it('writes to the user configuration of each client and removes it again', async () => {
    const claudeJson = `${JSON.stringify({ numStartups: 3, mcpServers: { other: { command: 'x' } } }, null, 2)}\n`;
    writeFileSync(join(home.dir, '.claude.json'), claudeJson);
    const before = readdirSync(home.dir).sort();
    const result = await ktx('--json', 'setup', '--agents', '--target', ALL, '--global', '--no-input');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(read(home.dir, '.claude.json')).mcpServers.ktx).toEqual({
      type: 'stdio',
      ...launcher(),
    });
    expect(JSON.parse(read(home.dir, '.claude.json')).numStartups).toBe(3);
    expect(existsSync(join(home.dir, '.claude/skills/ktx/SKILL.md'))).toBe(true);
    expect(JSON.parse(read(home.dir, '.claude/settings.json')).permissions.allow).toContain(
      'mcp__ktx__search',
    );
    expect(read(home.dir, '.codex/config.toml')).toContain('[mcp_servers.ktx]');
    expect(existsSync(join(home.dir, '.agents/skills/ktx/SKILL.md'))).toBe(true);
    expect(JSON.parse(read(home.dir, '.cursor/mcp.json')).mcpServers.ktx).toEqual(launcher());
    expect(existsSync(join(home.dir, '.config/opencode/commands/ktx.md'))).toBe(true);
    expect(JSON.parse(read(home.dir, '.config/opencode/opencode.json')).mcp.ktx.enabled).toBe(true);
    const cursor = result
      .json()
      .data.agents.installs.find((install: { target: string }) => install.target === 'cursor');
    expect(cursor.notes[0]).toContain('project scope');
    // Nothing landed in the project.
    expect(existsSync(join(project.dir, '.mcp.json'))).toBe(true); // the user's own file from before
    expect(existsSync(join(project.dir, '.claude'))).toBe(false);

    const removed = await ktx('agents', 'remove');
    expect(removed.code).toBe(0);
    expect(read(home.dir, '.claude.json')).toBe(claudeJson);
    expect(readdirSync(home.dir).sort()).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { type InitReport, isHostCapability, isolationProblem } from './isolation.js';

// Shaped like the `system/init` message of the bundled Claude Code (2.1.x), trimmed.
const init = (extra: Partial<InitReport> = {}): InitReport => ({
  tools: ['mcp__ktx__lookup'],
  mcp_servers: [{ name: 'ktx', status: 'connected' }],
  plugins: [{ name: 'cc-plugin-privacy', path: 'builtin' }],
  slash_commands: ['compact', 'review'],
  skills: ['deep-research'],
  agents: ['general-purpose', 'Explore'],
  ...extra,
});
const expected = { tools: ['mcp__ktx__lookup'], mcpServers: ['ktx'] };

describe('the Claude Code isolation check', () => {
  it('accepts exactly the run tools, tolerating listed commands, skills, subagents and built-in plugins', () => {
    expect(isolationProblem(init(), expected)).toBeUndefined();
    expect(
      isolationProblem(init({ tools: [], mcp_servers: [] }), { tools: [], mcpServers: [] }),
    ).toBeUndefined();
  });

  it('fails on any other callable tool, a missing tool, a foreign or broken MCP server, or a plugin from disk', () => {
    expect(isolationProblem(init({ tools: ['mcp__ktx__lookup', 'Bash'] }), expected)).toContain(
      'callable tools that are not ktx tools of this run: Bash',
    );
    expect(isolationProblem(init({ tools: [] }), expected)).toContain('ktx tools missing: mcp__ktx__lookup');
    expect(
      isolationProblem(
        init({
          mcp_servers: [
            { name: 'ktx', status: 'connected' },
            { name: 'github', status: 'connected' },
          ],
        }),
        expected,
      ),
    ).toContain('other MCP servers loaded: github');
    expect(isolationProblem(init({ mcp_servers: [{ name: 'ktx', status: 'failed' }] }), expected)).toContain(
      'the ktx MCP server is failed',
    );
    expect(
      isolationProblem(
        init({ plugins: [{ name: 'hooks-galore', path: '/home/me/.claude/plugins/x' }] }),
        expected,
      ),
    ).toContain('plugins loaded: hooks-galore');
  });

  it('tells host capabilities (an escape) from unknown names (a model mistake)', () => {
    const report = init();
    for (const name of [
      'Bash',
      'Read',
      'WebFetch',
      'Skill',
      'Agent',
      'mcp__github__create_issue',
      'compact',
      'deep-research',
    ])
      expect(isHostCapability(name, report, 'ktx'), name).toBe(true);
    for (const name of ['no_such_tool', 'lookup', 'mcp__ktx__other'])
      expect(isHostCapability(name, report, 'ktx'), name).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseKeyPath, readTable, removeTable, renderTable, tomlString, upsertTable } from './toml-table.js';

const KTX = ['mcp_servers', 'ktx'];
const block = renderTable(
  KTX,
  { command: '/usr/bin/node', args: ['/opt/ktx/bin/ktx.js', 'mcp', 'stdio'] },
  'written by ktx',
);

const existing = `# my codex settings
model = "gpt-5.5"
approval_policy = "on-request"

[mcp_servers.github]
command = "gh-mcp"
args = [
  "--stdio",
  "[not a header]",
]

[projects."/home/me/work"]
trust_level = "trusted"
`;

describe('the TOML table editor', () => {
  it('parses dotted, quoted and spaced key paths', () => {
    expect(parseKeyPath('mcp_servers.ktx')).toEqual(['mcp_servers', 'ktx']);
    expect(parseKeyPath(' projects . "/home/me/a.b" ')).toEqual(['projects', '/home/me/a.b']);
    expect(parseKeyPath("a.'b c'")).toEqual(['a', 'b c']);
    expect(parseKeyPath('a..b')).toBeUndefined();
    expect(parseKeyPath('"open')).toBeUndefined();
  });

  it('appends the table to a file without it, leaving every other byte alone', () => {
    const { text, previous } = upsertTable(existing, KTX, block);
    expect(previous).toBeUndefined();
    expect(text.startsWith(existing)).toBe(true);
    expect(text.slice(existing.length)).toBe(`\n${block}`);
    expect(readTable(text, KTX)).toBe(block);
    expect(removeTable(text, KTX).text).toBe(existing);
  });

  it('writes a new file as just the table', () => {
    expect(upsertTable('', KTX, block).text).toBe(block);
    expect(removeTable(block, KTX)).toEqual({ text: '', removed: block });
  });

  it('replaces the table and its sub-tables in place and hands back the old text', () => {
    const old = `[mcp_servers.ktx]\ncommand = "old"\n\n[mcp_servers.ktx.env]\nA = "1"\n\n`;
    const text = `model = "x"\n\n${old}[other]\nk = 1\n`;
    const result = upsertTable(text, KTX, block);
    expect(result.previous).toBe(old);
    expect(result.text).toBe(`model = "x"\n\n${block}\n[other]\nk = 1\n`);
  });

  it('collects a sub-table defined away from its parent', () => {
    const text = `[mcp_servers.ktx]\ncommand = "a"\n\n[other]\nk = 1\n\n[mcp_servers.ktx.tools.search]\napproval_mode = "approve"\n`;
    const { text: out, removed } = removeTable(text, KTX);
    expect(out).toBe('[other]\nk = 1\n');
    expect(removed).toContain('approval_mode');
  });

  it('is not fooled by brackets inside strings, multi-line strings or multi-line arrays', () => {
    const tricky = `[a]\ntext = """\n[mcp_servers.ktx]\n"""\nlit = '''\n[mcp_servers.ktx]'''\nlist = [\n  [1, 2],\n  ["[mcp_servers.ktx]"],\n]\nq = "say \\"[x]\\""\n`;
    expect(readTable(tricky, KTX)).toBeUndefined();
    const { text } = upsertTable(tricky, KTX, block);
    expect(text).toBe(`${tricky}\n${block}`);
  });

  it('matches quoted header spellings of the same table', () => {
    const text = `["mcp_servers".'ktx']\ncommand = "x"\n`;
    expect(removeTable(text, KTX)).toEqual({ text: '', removed: text });
  });

  it('refuses a table defined with dotted keys or inline, instead of corrupting it', () => {
    expect(() => upsertTable('[mcp_servers]\nktx = { command = "x" }\n', KTX, block)).toThrow(
      /config\.toml:2 defines mcp_servers\.ktx with dotted keys or an inline table/,
    );
    expect(() => upsertTable('mcp_servers.ktx.command = "x"\n', KTX, block)).toThrow(
      /toml_table_inline|dotted/,
    );
    // Another server's inline table is none of our business.
    expect(() => upsertTable('[mcp_servers]\nother = { command = "x" }\n', KTX, block)).not.toThrow();
  });

  it('renders TOML basic strings with escapes', () => {
    expect(tomlString('C:\\path "x"\n')).toBe('"C:\\\\path \\"x\\"\\n"');
    expect(renderTable(['a', 'b.c'], { k: ['x'] })).toBe('[a."b.c"]\nk = ["x"]\n');
  });
});

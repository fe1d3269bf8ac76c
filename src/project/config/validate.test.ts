import { describe, expect, it } from 'vitest';
import { formatIssue, validateConfigText } from './validate.js';

interface Case {
  name: string;
  yaml: string;
  /** Dotted path the first error must name ('' = whole file). */
  path: string;
  line: number;
  /** A fragment the message must contain. */
  says?: string;
}

const V = 'version: 1\n';

// Each case is one way a person can break ktx.yaml; the error must point at the right place.
const MALFORMED: Case[] = [
  { name: 'empty file', yaml: '', path: '', line: 1, says: 'must be a YAML mapping' },
  { name: 'top-level list', yaml: '- a\n- b\n', path: '', line: 1, says: 'must be a YAML mapping' },
  { name: 'top-level scalar', yaml: 'hello\n', path: '', line: 1, says: 'must be a YAML mapping' },
  { name: 'missing version', yaml: 'project:\n  name: x\n', path: 'version', line: 1, says: 'is required' },
  { name: 'version as string', yaml: 'version: "one"\n', path: 'version', line: 1, says: 'expected number' },
  { name: 'version zero', yaml: 'version: 0\n', path: 'version', line: 1, says: '>=1' },
  { name: 'version from the future', yaml: 'version: 7\n', path: 'version', line: 1, says: 'version 7' },
  { name: 'fractional version', yaml: 'version: 1.5\n', path: 'version', line: 1 },
  {
    name: 'yaml: unclosed flow list',
    yaml: `${V}project:\n  name: [a\n`,
    path: '',
    line: 3,
    says: 'YAML syntax error',
  },
  {
    name: 'yaml: bad indentation',
    yaml: `${V}project:\n  name: a\n   description: b\n`,
    path: '',
    line: 3,
    says: 'YAML syntax error',
  },
  {
    name: 'yaml: duplicate key',
    yaml: `${V}project:\n  name: a\n  name: b\n`,
    path: '',
    line: 4,
    says: 'YAML syntax error',
  },
  {
    name: 'yaml: tab indentation',
    yaml: `${V}project:\n\tname: a\n`,
    path: '',
    line: 3,
    says: 'YAML syntax error',
  },
  {
    name: 'yaml: unterminated quote',
    yaml: `${V}project:\n  name: "abc\n`,
    path: '',
    line: 3,
    says: 'YAML syntax error',
  },
  {
    name: 'project is a list',
    yaml: `${V}project:\n  - a\n`,
    path: 'project',
    line: 2,
    says: 'expected object',
  },
  {
    name: 'project.name is a number',
    yaml: `${V}project:\n  name: 12\n`,
    path: 'project.name',
    line: 3,
    says: 'expected string',
  },
  { name: 'project.name empty', yaml: `${V}project:\n  name: ""\n`, path: 'project.name', line: 3 },
  { name: 'connections is a list', yaml: `${V}connections:\n  - a\n`, path: 'connections', line: 2 },
  {
    name: 'connection without driver',
    yaml: `${V}connections:\n  wh:\n    path: a.db\n`,
    path: 'connections.wh.driver',
    line: 3,
    says: 'driver',
  },
  {
    name: 'unknown driver (typo)',
    yaml: `${V}connections:\n  wh:\n    driver: postgress\n`,
    path: 'connections.wh.driver',
    line: 4,
    says: 'Did you mean "postgres"',
  },
  {
    name: 'sqlite without path',
    yaml: `${V}connections:\n  wh:\n    driver: sqlite\n`,
    path: 'connections.wh.path',
    line: 3,
    says: 'is required',
  },
  {
    name: 'postgres without url or host',
    yaml: `${V}connections:\n  wh:\n    driver: postgres\n    database: shop\n`,
    path: 'connections.wh',
    line: 3,
    says: 'url',
  },
  {
    name: 'postgres port as text',
    yaml: `${V}connections:\n  wh:\n    driver: postgres\n    host: h\n    port: five\n`,
    path: 'connections.wh.port',
    line: 6,
    says: 'expected number',
  },
  {
    name: 'postgres port out of range',
    yaml: `${V}connections:\n  wh:\n    driver: postgres\n    host: h\n    port: 70000\n`,
    path: 'connections.wh.port',
    line: 6,
  },
  {
    name: 'schemas not a list',
    yaml: `${V}connections:\n  wh:\n    driver: postgres\n    host: h\n    schemas: public\n`,
    path: 'connections.wh.schemas',
    line: 6,
    says: 'expected array',
  },
  {
    name: 'bad ssl mode',
    yaml: `${V}connections:\n  wh:\n    driver: postgres\n    host: h\n    ssl: always\n`,
    path: 'connections.wh.ssl',
    line: 6,
  },
  {
    name: 'connection id with a space',
    yaml: `${V}connections:\n  "my wh":\n    driver: sqlite\n    path: a.db\n`,
    path: 'connections.my wh',
    line: 3,
  },
  {
    name: 'max_rows over the cap',
    yaml: `${V}connections:\n  wh:\n    driver: sqlite\n    path: a.db\n    max_rows: 50000\n`,
    path: 'connections.wh.max_rows',
    line: 6,
  },
  {
    name: 'llm backend typo',
    yaml: `${V}llm:\n  provider:\n    backend: antropic\n`,
    path: 'llm.provider.backend',
    line: 4,
    says: 'Did you mean "anthropic"',
  },
  {
    name: 'llm provider is a string',
    yaml: `${V}llm:\n  provider: anthropic\n`,
    path: 'llm.provider',
    line: 3,
    says: 'expected object',
  },
  {
    name: 'llm cache ttl invalid',
    yaml: `${V}llm:\n  promptCaching:\n    systemTtl: 2h\n`,
    path: 'llm.promptCaching.systemTtl',
    line: 4,
    says: '5m, 1h',
  },
  {
    name: 'llm promptCaching.enabled not boolean',
    yaml: `${V}llm:\n  promptCaching:\n    enabled: sometimes\n`,
    path: 'llm.promptCaching.enabled',
    line: 4,
    says: 'expected boolean',
  },
  {
    name: 'llm model empty',
    yaml: `${V}llm:\n  models:\n    default: ""\n`,
    path: 'llm.models.default',
    line: 4,
  },
  {
    name: 'embeddings backend unknown',
    yaml: `${V}embeddings:\n  backend: sentence-transformers\n`,
    path: 'embeddings.backend',
    line: 3,
    says: 'none, openai, local',
  },
  {
    name: 'embeddings dimensions negative',
    yaml: `${V}embeddings:\n  backend: openai\n  dimensions: -3\n`,
    path: 'embeddings.dimensions',
    line: 4,
  },
  {
    name: 'scan sample_rows too small',
    yaml: `${V}scan:\n  sample_rows: 5\n`,
    path: 'scan.sample_rows',
    line: 3,
  },
  {
    name: 'scan threshold above 1',
    yaml: `${V}scan:\n  relationships:\n    accept_threshold: 1.5\n`,
    path: 'scan.relationships.accept_threshold',
    line: 4,
  },
  {
    name: 'agents target unknown',
    yaml: `${V}agents:\n  targets: [claude-code, vim]\n`,
    path: 'agents.targets[1]',
    line: 3,
  },
  {
    name: 'mcp port as text',
    yaml: `${V}mcp:\n  port: http\n`,
    path: 'mcp.port',
    line: 3,
    says: 'expected number',
  },
  {
    name: 'ingest commit not boolean',
    yaml: `${V}ingest:\n  commit: maybe\n`,
    path: 'ingest.commit',
    line: 3,
  },
];

describe('ktx.yaml validation: malformed corpus', () => {
  it('has at least 30 cases', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(30);
  });

  for (const testCase of MALFORMED) {
    it(testCase.name, () => {
      const { config, issues } = validateConfigText(testCase.yaml);
      expect(config).toBeUndefined();
      const errors = issues.filter((issue) => issue.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      const first = errors[0]!;
      expect(first.path).toBe(testCase.path);
      expect(first.line).toBe(testCase.line);
      if (testCase.says) expect(first.message).toContain(testCase.says);
      const rendered = formatIssue(first);
      expect(rendered).toMatch(/^ktx\.yaml:\d+:\d+ /);
      // A user error never carries a stack trace or internal noise.
      for (const issue of errors) {
        expect(issue.message).not.toMatch(/\n\s+at /);
        expect(issue.message).not.toContain('ZodError');
      }
    });
  }
});

describe('ktx.yaml validation: unknown keys', () => {
  it('warns with the path and line, and still loads', () => {
    const { config, issues } = validateConfigText(
      'version: 1\nfoo: 1\nconnections:\n  wh:\n    driver: sqlite\n    path: a.db\n    colour: red\nllm:\n  models:\n    summarizer: x\n',
    );
    expect(config).toBeDefined();
    expect(config!.connections.wh).toEqual({ driver: 'sqlite', path: 'a.db' });
    const warnings = issues.filter((issue) => issue.severity === 'warning');
    expect(warnings.map((w) => [w.path, w.line])).toEqual([
      ['foo', 2],
      ['connections.wh.colour', 7],
      ['llm.models.summarizer', 10],
    ]);
    expect(warnings[0]!.message).toBe('unknown field, ignored');
  });

  it('reports unknown keys and real errors together', () => {
    const { config, issues } = validateConfigText(
      'version: 1\nextra: true\nllm:\n  provider:\n    backend: nope\n',
    );
    expect(config).toBeUndefined();
    expect(issues.find((i) => i.severity === 'warning')?.path).toBe('extra');
    expect(issues.find((i) => i.severity === 'error')?.path).toBe('llm.provider.backend');
  });
});

describe('ktx.yaml validation: valid files', () => {
  it('applies defaults for absent blocks', () => {
    const { config, issues } = validateConfigText('version: 1\n');
    expect(issues).toEqual([]);
    expect(config!.llm.provider.backend).toBe('none');
    expect(config!.embeddings.backend).toBe('none');
    expect(config!.connections).toEqual({});
  });

  it('accepts every documented block', () => {
    const { config, issues } = validateConfigText(`version: 1
project: {name: analytics, default_connection: wh}
connections:
  wh: {driver: postgres, host: 127.0.0.1, port: 5432, database: shop, user: analyst, password: env:PGPASSWORD, schemas: [public], ssl: require}
  local: {driver: sqlite, path: ./shop.db}
  lake: {driver: duckdb, path: ./lake.duckdb, exclude_tables: ["tmp_*"]}
  my: {driver: mariadb, url: env:MYSQL_URL}
llm:
  provider: {backend: anthropic, anthropic: {api_key: env:ANTHROPIC_API_KEY}}
  models: {default: claude-sonnet-4-6, triage: claude-haiku-4-5}
  promptCaching: {enabled: true, systemTtl: 1h, toolsTtl: 1h, historyTtl: 5m, vertexFallbackTo5m: true}
embeddings: {backend: openai, model: text-embedding-3-small, dimensions: 1536, api_key: env:OPENAI_API_KEY}
scan: {sample_rows: 10000, relationships: {accept_threshold: 0.85, review_threshold: 0.55}}
ingest: {commit: true, descriptions: auto}
agents: {targets: [claude-code, codex]}
mcp: {host: 127.0.0.1, port: 7878}
`);
    expect(issues).toEqual([]);
    expect(Object.keys(config!.connections)).toEqual(['wh', 'local', 'lake', 'my']);
  });
});

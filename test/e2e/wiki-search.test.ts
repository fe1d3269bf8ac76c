import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';
import { DEMO_ASSETS } from '../support/demo-project.js';
import { writeDemoScan } from '../support/demo-scan.js';
import { type FakeEmbeddingsServer, startFakeEmbeddingsServer } from '../support/fake-embeddings.js';

let root: string;
let project: string;
let cleanup: () => void;
const git = (...args: string[]) => execFileSync('git', ['-C', project, ...args], { encoding: 'utf8' }).trim();
const ktx = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  runKtx(args, { cwd: project, env: cleanEnv(options.env), input: options.input });

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ktx-e2e-wiki-'));
  const init = await runKtx(['init', 'demo'], { cwd: root, env: cleanEnv() });
  expect(init.code).toBe(0);
  project = join(root, 'demo');
  cpSync(join(DEMO_ASSETS, 'semantic-layer'), join(project, 'semantic-layer', 'warehouse'), {
    recursive: true,
  });
  cpSync(join(DEMO_ASSETS, 'wiki'), join(project, 'wiki', 'global'), { recursive: true });
  writeDemoScan(project);
  git('add', '-A');
  execFileSync('git', [
    '-C',
    project,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '-qm',
    'demo content',
  ]);
});
afterAll(() => cleanup());

describe('ktx wiki', () => {
  it('lists pages with their scope and usage mode', async () => {
    const res = await ktx(['wiki', 'list', '--json']);
    expect(res.code).toBe(0);
    const { data } = res.json();
    expect(data.userId).toBe('local');
    expect(data.pages).toHaveLength(25);
    expect(data.pages.find((p: { key: string }) => p.key === 'analysis-ground-rules')).toMatchObject({
      usageMode: 'always',
      scope: 'global',
    });
    const human = await ktx(['wiki', 'list']);
    expect(human.stdout).toMatch(/^KEY\s+SCOPE\s+MODE\s+SUMMARY/m);
    expect(human.stdout).toMatch(/^net-revenue\s+global\s+auto\s+Net revenue = successful payments/m);
  });

  it('reads a page, and names the closest keys when it does not exist', async () => {
    const res = await ktx(['wiki', 'read', 'net-revenue']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(readFileSync(join(project, 'wiki', 'global', 'net-revenue.md'), 'utf8'));
    const json = (await ktx(['wiki', 'read', 'net-revenue', '--json'])).json();
    expect(json.data).toMatchObject({
      key: 'net-revenue',
      slRefs: expect.arrayContaining(['warehouse/payments.gross_payments']),
    });
    const missing = await ktx(['wiki', 'read', 'net-revenu']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: No wiki page "net-revenu".');
    expect(missing.stderr).toContain('Did you mean "net-revenue"');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes a valid page from a file or stdin and commits it', async () => {
    const file = join(root, 'gross-margin.md');
    writeFileSync(
      file,
      '---\nsummary: Gross margin is net revenue minus cost of service.\ntags: [finance]\nrefs: [net-revenue]\nsl_refs: [warehouse/payments.gross_payments]\n---\n# Gross margin\n',
    );
    const res = await ktx(['wiki', 'write', 'gross-margin', '--file', file, '--json']);
    expect(res.code).toBe(0);
    expect(res.json().data).toMatchObject({ created: true, file: 'wiki/global/gross-margin.md' });
    expect(git('log', '-1', '--format=%s')).toBe('wiki: add gross-margin');
    const stdin = await ktx(
      ['wiki', 'write', 'my-notes', '--file', '-', '--scope', 'user', '--user-id', 'ana'],
      {
        input: '---\nsummary: Ana scratch notes\n---\nSee [[gross-margin]].\n',
      },
    );
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toContain('Created wiki/user/ana/my-notes.md');
    const ana = (await ktx(['wiki', 'list', '--user-id', 'ana', '--json'])).json();
    expect(ana.data.pages.find((p: { key: string }) => p.key === 'my-notes')).toMatchObject({
      scope: 'user',
      userId: 'ana',
    });
  });

  it('refuses an invalid page with file:line:col for each problem and exit 1', async () => {
    const file = join(root, 'draft.md');
    writeFileSync(
      file,
      '---\nsummary: Draft\nusage_mode: sometimes\nsl_refs: [warehouse/invoices.invoiced_amt]\n---\nSee [[net-revenu]].\n',
    );
    const res = await ktx(['wiki', 'write', 'draft', '--file', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${file}:3:1  usage_mode: expected one of always, auto, never`);
    expect(res.stderr).toContain(
      `${file}:4:11  sl_refs[0]: source "warehouse/invoices" has no measure, column or segment "invoiced_amt"`,
    );
    expect(res.stderr).toContain('Did you mean "warehouse/invoices.invoiced_amount"');
    expect(res.stderr).toContain(`${file}:6:5  body: [[net-revenu]] links to no page`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const json = await ktx(['wiki', 'write', 'draft', '--file', file, '--json']);
    expect(json.json().error).toMatchObject({ code: 'wiki_page_invalid' });
    expect(json.json().error.details.issues).toHaveLength(3);
    expect(git('status', '--porcelain')).toBe('');
  });

  it('validates the whole wiki and reports references broken by a rename', async () => {
    const ok = await ktx(['wiki', 'validate']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✓ \d+ pages valid\./);
    const source = join(project, 'semantic-layer', 'warehouse', 'support_tickets.yaml');
    const original = readFileSync(source, 'utf8');
    writeFileSync(source, original.replace('name: avg_satisfaction', 'name: avg_csat'));
    try {
      const broken = await ktx(['wiki', 'validate', '--json']);
      expect(broken.code).toBe(1);
      const errors = broken.json().data.errors;
      expect(errors.map((e: { file: string }) => e.file).sort()).toEqual([
        'wiki/global/customer-satisfaction.md',
      ]);
      expect(errors[0]).toMatchObject({ code: 'sl_ref_unknown', path: 'sl_refs[0]', line: 6, col: 5 });
    } finally {
      writeFileSync(source, original);
    }
  });
});

describe('ktx search', () => {
  it('returns one ranked list across wiki, semantic layer and values', async () => {
    const res = await ktx(['search', 'Acme', 'Corp', '--json']);
    expect(res.code).toBe(0);
    expect(res.json().data.results[0]).toMatchObject({
      kind: 'value',
      ref: 'warehouse/accounts.name',
      values: ['Acme Corp'],
    });
    const human = await ktx(['search', 'what is ARR']);
    expect(human.stdout).toMatch(/^ 1\s+measure\s+warehouse\/subscriptions\.arr\s+Annual recurring revenue/m);
    expect(human.stdout).toMatch(/^ 2\s+wiki\s+arr\s+/m);
  });

  it('searches the wiki only, and the semantic layer only', async () => {
    const wiki = (await ktx(['wiki', 'search', 'refund policy', '--limit', '3', '--json'])).json();
    expect(wiki.data.results).toHaveLength(3);
    expect(wiki.data.results[0]).toMatchObject({ kind: 'wiki', key: 'refunds' });
    expect(wiki.data.results.every((r: { kind: string }) => r.kind === 'wiki')).toBe(true);
    const sl = (await ktx(['sl', 'search', 'revenue', '--connection-id', 'warehouse', '--json'])).json();
    expect(sl.command).toBe('sl search');
    expect(sl.data.results.length).toBeGreaterThan(3);
    expect(
      sl.data.results.every(
        (r: { kind: string; connection: string }) => r.kind !== 'wiki' && r.connection === 'warehouse',
      ),
    ).toBe(true);
  });

  it('shows lane status under --debug and rejects bad flags as usage errors', async () => {
    const debug = await ktx(['search', 'arr', '--debug']);
    expect(debug.stderr).toMatch(/\[debug\] lane=lexical status=ok weight=1 candidates=\d+/);
    expect(debug.stderr).toContain('[debug] lane=vector status=skipped weight=1 candidates=0');
    expect(debug.stderr).toContain('reason=embeddings_not_configured');
    const limit = await ktx(['search', 'arr', '--limit', '0']);
    expect(limit.code).toBe(64);
    expect(limit.stderr).toContain('--limit must be a whole number from 1 to 200');
    const kind = await ktx(['search', 'arr', '--kind', 'metric', '--json']);
    expect(kind.code).toBe(64);
    expect(kind.json().error).toMatchObject({ code: 'usage' });
  });

  it('reindexes incrementally; --force rebuilds', async () => {
    const first = (await ktx(['admin', 'reindex', '--json'])).json();
    expect(first.data).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(first.data.documents).toBeGreaterThan(150);
    writeFileSync(join(project, 'wiki', 'global', 'okapi.md'), '---\nsummary: Okapi metric\n---\nOkapi.\n');
    const second = (await ktx(['admin', 'reindex', '--json'])).json();
    expect(second.data).toMatchObject({ added: 1, updated: 0, removed: 0 });
    const forced = await ktx(['admin', 'reindex', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(
      /Indexed \d+ files \(\d+ added, 0 updated, 0 removed\): \d+ documents, \d+ values/,
    );
    expect(forced.stdout).toContain('Embeddings: embeddings not configured');
  });
});

describe('embeddings from the CLI', () => {
  let server: FakeEmbeddingsServer;
  const KEY = 'sk-cli-test-key-0123456789';
  beforeAll(async () => {
    server = await startFakeEmbeddingsServer({ apiKey: KEY });
  });
  afterAll(() => server.close());

  it('status reports readiness, search uses the vector lane, and the key is never printed', async () => {
    const config = join(project, 'ktx.yaml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(
      config,
      `${original}\nembeddings:\n  backend: openai\n  model: fake-embed\n  base_url: ${server.baseUrl}\n  api_key: env:KTX_E2E_EMBED_KEY\n  dimensions: 384\n`,
    );
    try {
      const missing = await ktx(['status', '--json']);
      const check = missing.json().data.checks.find((c: { id: string }) => c.id === 'embeddings');
      expect(check).toMatchObject({
        status: 'fail',
        message: 'embeddings.api_key resolves to nothing (KTX_E2E_EMBED_KEY is not set)',
      });
      const env = { KTX_E2E_EMBED_KEY: KEY };
      const probe = await ktx(['status', '--probe', '--json'], { env });
      expect(probe.json().data.checks.find((c: { id: string }) => c.id === 'embeddings')).toMatchObject({
        status: 'ok',
        details: { dimensions: 384 },
      });
      const search = await ktx(['search', 'annual recurring revenue', '--json', '--debug'], { env });
      expect(search.code).toBe(0);
      const lanes = search.json().data.lanes;
      expect(lanes.find((l: { lane: string }) => l.lane === 'vector')).toMatchObject({ status: 'ok' });
      expect(search.json().data.results[0].lanes.vector).toBeDefined();
      for (const output of [search.stdout, search.stderr, probe.stdout, probe.stderr])
        expect(output).not.toContain(KEY);
      expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    } finally {
      writeFileSync(config, original);
    }
  });

  it('reports a local model folder that does not exist', async () => {
    const config = join(project, 'ktx.yaml');
    const original = readFileSync(config, 'utf8');
    mkdirSync(join(project, 'models'), { recursive: true });
    writeFileSync(config, `${original}\nembeddings:\n  backend: local\n  path: ./models/minilm\n`);
    try {
      const status = await ktx(['status', '--json']);
      expect(status.json().data.checks.find((c: { id: string }) => c.id === 'embeddings')).toMatchObject({
        status: 'fail',
        message: `embeddings.path: ${join(project, 'models', 'minilm')} is not a model directory (no config.json)`,
      });
      // Search still answers lexically, and says why the vector lane is missing.
      const search = await ktx(['search', 'refund policy']);
      expect(search.code).toBe(0);
      expect(search.stdout).toMatch(/^ 1\s+wiki\s+refunds/m);
      expect(search.stdout).toContain('note: the vector lane failed');
    } finally {
      writeFileSync(config, original);
    }
  });
});

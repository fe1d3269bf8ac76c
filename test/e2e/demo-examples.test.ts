import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXAMPLES, type DemoExampleResult } from '../../src/demo/examples.js';
import { cleanEnv, KTX_BIN, makeTempDir, REPO_ROOT, runKtx } from '../support/cli.js';
import { demoSqliteFile } from '../support/warehouses.js';

/**
 * The semantic queries `ktx demo` shows: they run, print results, and each printed command
 * gives the same rows when pasted into a shell. Their answers are checked against hand-written
 * SQL on four engines by the golden suite (test/semantic/golden/cases-demo-examples.ts).
 */

let root: string;
let cleanup: () => void;
let project: string;
const CURATED = join(REPO_ROOT, 'assets', 'demo', 'semantic-layer');

const env = () => cleanEnv({ XDG_CACHE_HOME: join(root, 'xdg-cache') });
const ktx = (args: string[]) => runKtx(args, { cwd: project, env: env(), timeoutMs: 120_000 });
const layerDir = () => join(project, 'semantic-layer', 'warehouse');

function installCuratedLayer(except: string[] = []): void {
  rmSync(layerDir(), { recursive: true, force: true });
  mkdirSync(layerDir(), { recursive: true });
  for (const file of readdirSync(CURATED).filter((name) => name.endsWith('.yaml'))) {
    if (!except.includes(file.replace(/\.yaml$/, '')))
      copyFileSync(join(CURATED, file), join(layerDir(), file));
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ktx-e2e-demo-examples-'));
  project = join(root, 'orbital');
  // The demo skips generating a warehouse that is already there: reuse the cached one.
  mkdirSync(join(project, 'data'), { recursive: true });
  copyFileSync(await demoSqliteFile(), join(project, 'data', 'orbital.sqlite'));
});
afterAll(() => cleanup());

describe('ktx demo example queries', () => {
  it('the first run builds the layer and answers every example', async () => {
    const res = await runKtx(['demo', project, '--json'], { cwd: root, env: env(), timeoutMs: 120_000 });
    expect(res.code).toBe(0);
    expect(res.json().data.examples).toMatchObject({
      status: 'ran',
      message: `${DEMO_EXAMPLES.length} of ${DEMO_EXAMPLES.length} example queries answered from the semantic layer`,
    });
  });

  it('with the curated layer, answers every example and prints the results', async () => {
    installCuratedLayer();
    const res = await ktx(['demo', '--json']);
    expect(res.code).toBe(0);
    const examples = res.json().data.examples;
    expect(examples.status).toBe('ran');
    expect(examples.message).toBe(
      `${DEMO_EXAMPLES.length} of ${DEMO_EXAMPLES.length} example queries answered from the semantic layer`,
    );
    const results = examples.results as DemoExampleResult[];
    expect(results.map((r) => r.title)).toEqual(DEMO_EXAMPLES.map((e) => e.title));
    for (const result of results) {
      expect(result.error).toBeUndefined();
      expect(result.rows!.length).toBeGreaterThan(0);
      expect(result.command).toMatch(/^ktx sl query .* --execute$/);
    }
    // The chasm example is one source per CTE, stacked; the fan example filters through lines.
    expect(results[2]!.strategy).toMatch(/^per-source-ctes: /);

    const human = (await ktx(['demo'])).stdout;
    expect(human).toContain('Ask the semantic layer (fan and chasm traps handled):');
    for (const result of results) {
      expect(human).toContain(result.title);
      expect(human).toContain(`$ ${result.command}`);
    }
    const lines = human.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}tier\s+mrr\s+active_subscriptions$/));
    // Currency measures read as money: two decimals.
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}enterprise\s+\d+\.\d{2}\s+\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}region\s+ticket_count\s+invoiced_amount$/));
  });

  it('each printed command, pasted into a shell, gives the rows the demo showed', async () => {
    const results = (await ktx(['demo', '--json'])).json().data.examples.results as DemoExampleResult[];
    for (const result of results) {
      const stdout = execFileSync(
        'bash',
        ['-c', `ktx() { "${process.execPath}" "${KTX_BIN}" "$@"; }\n${result.command} --format json`],
        { cwd: project, env: { ...process.env, ...env(), NO_COLOR: '1' }, encoding: 'utf8' },
      );
      const printed = JSON.parse(stdout);
      expect(printed.rows, result.title).toEqual(result.rows);
      expect(printed.columns.map((c: { name: string }) => c.name)).toEqual(
        result.columns!.map((c) => c.name),
      );
    }
  });

  it('a layer without the names an example needs: that example says why, the others still run', async () => {
    installCuratedLayer(['plans']);
    const partial = (await ktx(['demo', '--json'])).json().data.examples;
    expect(partial.status).toBe('ran');
    expect(partial.results[0].error).toMatchObject({ code: expect.stringMatching(/^sl_/) });
    expect(partial.results[0].error.message).toContain('plans');
    expect(partial.results.slice(1).every((r: DemoExampleResult) => !r.error)).toBe(true);
    const human = await ktx(['demo']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/not answered: .*plans/);

    installCuratedLayer(['subscriptions', 'invoices', 'support_tickets']);
    const none = await ktx(['demo', '--json']);
    expect(none.code).toBe(0);
    expect(none.json().data.examples).toMatchObject({
      status: 'skipped',
      message: 'the semantic layer has none of the measures the examples use',
    });
  });

  it('a project whose layer was removed: the demo succeeds, keeps the removal, and says how to get one', async () => {
    rmSync(layerDir(), { recursive: true, force: true });
    const res = await ktx(['demo', '--json']);
    expect(res.code).toBe(0);
    expect(res.json().data.examples).toEqual({
      status: 'skipped',
      message: expect.stringContaining('`ktx ingest warehouse`'),
      results: [],
    });
    const human = await ktx(['demo']);
    expect(human.stdout).toMatch(/Semantic layer examples: no semantic layer in semantic-layer\/warehouse\//);
  });
});

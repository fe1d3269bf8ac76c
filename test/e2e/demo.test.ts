import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_QUESTION_SQL } from '../../src/demo/create.js';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';

/** `ktx demo`: a working project on the Orbital warehouse, offline, idempotent. */

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

let root: string;
let cleanup: () => void;
// The gate's verdict-cache key goes to a scratch cache dir, not the tester's home.
const env = (extra: NodeJS.ProcessEnv = {}) =>
  cleanEnv({ XDG_CACHE_HOME: join(root, 'xdg-cache'), ...extra });
beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-e2e-demo-'));
});
afterAll(() => cleanup());

describe('ktx demo', () => {
  const project = () => join(root, 'ktx-demo');

  it('creates a committed project whose warehouse connection works, and says what to try', async () => {
    // No network: the proxy variables point nowhere, and nothing needs them.
    const res = await runKtx(['demo'], {
      cwd: root,
      env: env({ HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' }),
      timeoutMs: 120_000,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Demo project ready in ${project()}`);
    expect(res.stdout).toContain('Try next:');
    expect(res.stdout).toContain('ktx sql "select a.segment');
    // It ends by telling the user how to connect an agent.
    expect(res.stdout.trimEnd().split('\n').at(-1)).toContain('ktx setup --agents --target claude-code');
    const yaml = readFileSync(join(project(), 'ktx.yaml'), 'utf8');
    expect(yaml).toContain('default_connection: warehouse');
    expect(yaml).toMatch(/connections:\n {2}warehouse:\n {4}driver: sqlite\n {4}path: data\/orbital.sqlite/);
    expect(readFileSync(join(project(), '.gitignore'), 'utf8')).toMatch(/^data\/$/m);
    expect(existsSync(join(project(), 'data', 'orbital.sqlite'))).toBe(true);
    expect(git(project(), 'status', '--porcelain')).toBe('');
    expect(git(project(), 'log', '--format=%s')).toBe(
      'Set up the ktx demo on the Orbital warehouse\nInitialize ktx project',
    );
  });

  it('answers the suggested question', async () => {
    const res = await runKtx(['sql', '--json', DEMO_QUESTION_SQL], { cwd: project(), env: env() });
    expect(res.code).toBe(0);
    const data = res.json().data;
    expect(data.columns.map((c: { name: string }) => c.name)).toEqual([
      'segment',
      'subscriptions',
      'mrr_usd',
    ]);
    expect(data.rows.map((row: unknown[]) => row[0])).toEqual(['enterprise', 'mid_market', 'smb']);
  });

  it('says so when re-run, and regenerates the data a fresh clone lacks', async () => {
    const again = await runKtx(['demo', '--json'], { cwd: project(), env: env() });
    expect(again.json().data).toMatchObject({ projectDir: project(), created: false });
    const human = await runKtx(['demo'], { cwd: project(), env: env() });
    expect(human.stdout).toContain('is already a ktx demo project');
    rmSync(join(project(), 'data'), { recursive: true });
    const repaired = await runKtx(['demo', '--json'], {
      cwd: project(),
      env: env(),
      timeoutMs: 120_000,
    });
    expect(repaired.json().data.steps.find((s: { id: string }) => s.id === 'warehouse').status).toBe('done');
    expect(git(project(), 'rev-list', '--count', 'HEAD')).toBe('2');
    const status = await runKtx(['status', '--probe', '--json'], { cwd: project(), env: env() });
    expect(status.json().data.checks.find((c: { id: string }) => c.id === 'connections').status).toBe('ok');
  });
});

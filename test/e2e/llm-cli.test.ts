import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fakes/llm-server.js';

/** `ktx setup`, `ktx status` and `ktx doctor` for the LLM, through the built binary, against a fake provider. */

const KEY = 'sk-ant-api03-e2e-secret-key-000000001';
const env = (extra: NodeJS.ProcessEnv = {}) =>
  cleanEnv({
    ANTHROPIC_API_KEY: undefined,
    AI_GATEWAY_API_KEY: undefined,
    KTX_LLM_DEBUG: undefined,
    ...extra,
  });

let fake: FakeLlmServer;
let root: string;
let cleanup: () => void;
let project: string;
let counter = 0;

beforeAll(async () => {
  fake = await startFakeLlmServer({
    anthropicKey: KEY,
    vertexToken: 'ya29.e2e-metadata-token',
    models: ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-7'],
  });
  ({ dir: root, cleanup } = makeTempDir('ktx-llm-e2e-'));
});
afterAll(async () => {
  await fake.close();
  cleanup();
});

const CONFIG = `# ktx project configuration (hand-written)
version: 1
project:
  name: shop # the shop warehouse
connections: {}
llm:
  provider:
    backend: none
    # a broken ref in a block that is not used must not matter
    gateway:
      api_key: file:/nonexistent/gateway.key
team_notes: keep me # unknown key, must survive
`;

// One real `ktx init`, copied for each test (each test gets its own repository and ktx.yaml).
let template: string;
beforeAll(async () => {
  template = join(root, 'template');
  await runKtx(['init', template], { env: env() });
  writeFileSync(join(template, 'ktx.yaml'), CONFIG);
  execFileSync('git', [
    '-C',
    template,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '-qam',
    'hand-written config',
  ]);
});

beforeEach(() => {
  project = join(root, `p${++counter}`);
  cpSync(template, project, { recursive: true });
});

const ktx = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runKtx(args, { cwd: project, env: env(extra) });
const yaml = () => readFileSync(join(project, 'ktx.yaml'), 'utf8');
interface Check {
  id: string;
  status: string;
  message: string;
  fix?: string;
  details?: Record<string, unknown>;
}
const llmCheck = (body: { data: { checks: Check[] } }, id = 'llm') =>
  body.data.checks.find((check) => check.id === id) as {
    status: string;
    message: string;
    fix?: string;
    details?: Record<string, unknown>;
  };

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An anthropic configuration pointing at the fake (what `setup` writes, plus the base URL). */
function useAnthropic(): void {
  const llm = [
    'llm:',
    '  provider:',
    '    backend: anthropic',
    '    anthropic:',
    '      api_key: env:SHOP_ANTHROPIC_KEY',
    `      base_url: ${fake.anthropicBaseUrl}`,
    '  models:',
    '    default: claude-sonnet-4-6',
    '    triage: claude-haiku-4-5',
    '    candidateExtraction: claude-sonnet-4-6',
    '    curator: claude-opus-4-7',
    '    reconcile: claude-opus-4-7',
    '    repair: claude-haiku-4-5',
  ].join('\n');
  writeFileSync(join(project, 'ktx.yaml'), CONFIG.replace(/llm:\n[\s\S]*?(?=team_notes)/, `${llm}\n`));
}

describe('ktx setup (LLM)', () => {
  it('refuses to pick a backend under --no-input and writes nothing', async () => {
    const res = await ktx(['setup', '--no-input']);
    expect(res.code).toBe(64);
    expect(res.stderr).toContain(
      'Missing LLM backend: pass --llm-backend with one of anthropic, vertex, gateway',
    );
    expect(res.stderr).not.toContain('Anthropic key');
    expect(yaml()).toBe(CONFIG);
    const json = await ktx(['setup', '--no-input', '--json']);
    expect(json.json()).toMatchObject({ ok: false, error: { code: 'setup_input_missing' } });
  });

  it('writes the anthropic preset, keeps comments and unknown keys, and commits', async () => {
    const res = await ktx([
      'setup',
      '--llm-backend',
      'anthropic',
      '--anthropic-api-key-env',
      'SHOP_ANTHROPIC_KEY',
      '--no-input',
      '--json',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json().data.llm).toMatchObject({
      backend: 'anthropic',
      changed: true,
      models: { default: 'claude-sonnet-4-6', triage: 'claude-haiku-4-5' },
    });
    const text = yaml();
    for (const kept of [
      '# ktx project configuration (hand-written)',
      'name: shop # the shop warehouse',
      'team_notes: keep me # unknown key, must survive',
      '# a broken ref in a block that is not used must not matter',
      'api_key: file:/nonexistent/gateway.key',
    ]) {
      expect(text).toContain(kept);
    }
    expect(text).toMatch(/backend: anthropic\n/);
    expect(text).toContain('api_key: env:SHOP_ANTHROPIC_KEY');
    expect(text).toMatch(
      /models:\n {4}default: claude-sonnet-4-6\n {4}triage: claude-haiku-4-5\n {4}candidateExtraction: claude-sonnet-4-6\n {4}curator: claude-opus-4-7\n {4}reconcile: claude-opus-4-7\n {4}repair: claude-haiku-4-5/,
    );
    expect(text).toMatch(/promptCaching:\n {4}enabled: true/);
    expect(res.stderr).toContain('SHOP_ANTHROPIC_KEY is not set in this shell');
    expect(
      execFileSync('git', ['-C', project, 'log', '-1', '--format=%s'], { encoding: 'utf8' }).trim(),
    ).toBe('setup: LLM backend anthropic (claude-sonnet-4-6)');
  });

  it('sets up vertex and gateway, --llm-model replacing the main model', async () => {
    const vertex = await ktx([
      'setup',
      '--llm-backend',
      'vertex',
      '--vertex-project',
      'acme-ml',
      '--vertex-location',
      'europe-west1',
      '--llm-model',
      'claude-opus-4-7',
      '--no-input',
    ]);
    expect(vertex.code, vertex.stderr).toBe(0);
    expect(yaml()).toMatch(/vertex:\n {6}project: acme-ml\n {6}location: europe-west1/);
    expect(yaml()).toContain('vertexFallbackTo5m: true');
    expect(yaml()).toContain('default: claude-opus-4-7');
    const gateway = await ktx([
      'setup',
      '--llm-backend',
      'gateway',
      '--gateway-api-key-env',
      'SHOP_GATEWAY_KEY',
      '--no-input',
    ]);
    expect(gateway.code, gateway.stderr).toBe(0);
    expect(yaml()).toContain('default: anthropic/claude-sonnet-4-6');
    expect(yaml()).toContain('api_key: env:SHOP_GATEWAY_KEY');
    expect(yaml()).toContain('project: acme-ml');
  });

  it('rejects bad input with a usage error naming the flag', async () => {
    const typo = await ktx(['setup', '--llm-backend', 'antropic', '--no-input']);
    expect(typo.code).toBe(64);
    expect(typo.stderr).toContain('Did you mean "anthropic"');
    const model = await ktx([
      'setup',
      '--llm-backend',
      'gateway',
      '--llm-model',
      'claude-sonnet-4-6',
      '--no-input',
    ]);
    expect(model.code).toBe(64);
    expect(model.stderr).toContain('--llm-model "claude-sonnet-4-6" is not an AI Gateway model id');
    const mixed = await ktx([
      'setup',
      '--llm-backend',
      'vertex',
      '--anthropic-api-key-env',
      'K',
      '--no-input',
    ]);
    expect(mixed.code).toBe(64);
    expect(yaml()).toBe(CONFIG);
  });

  it('with --probe, tests first and writes nothing when the provider refuses', async () => {
    useAnthropic();
    const before = yaml();
    const bad = await ktx(
      ['setup', '--llm-backend', 'anthropic', '--llm-model', 'claude-haiku-4-5', '--probe', '--no-input'],
      { SHOP_ANTHROPIC_KEY: 'sk-ant-wrong-key-0000000000' },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid x-api-key');
    expect(bad.stderr).toContain('Nothing was written to ktx.yaml');
    expect(yaml()).toBe(before);
    const good = await ktx(
      ['setup', '--llm-backend', 'anthropic', '--llm-model', 'claude-haiku-4-5', '--probe', '--no-input'],
      { SHOP_ANTHROPIC_KEY: KEY },
    );
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('LLM ready: yes (claude-haiku-4-5)');
    expect(good.stdout + good.stderr).not.toContain(KEY);
  });
});

describe('ktx status and doctor (LLM)', () => {
  it('says LLM ready with the default model, and blocks without llm.models.default', async () => {
    useAnthropic();
    const ready = await ktx(['status', '--json'], { SHOP_ANTHROPIC_KEY: KEY });
    expect(llmCheck(ready.json())).toMatchObject({
      status: 'ok',
      message: 'LLM ready: yes (claude-sonnet-4-6)',
    });
    expect((await ktx(['config', 'unset', 'llm.models.default'])).code).toBe(0);
    const blocked = await ktx(['status'], { SHOP_ANTHROPIC_KEY: KEY });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('llm.models.default is required when llm.provider.backend is anthropic');
    expect(blocked.stdout).toContain('Next: Set llm.models.default in ktx.yaml');
  });

  it('blocks with the exact path when the key reference resolves to nothing', async () => {
    useAnthropic();
    const res = await ktx(['status', '--json']);
    expect(res.code).toBe(1);
    expect(llmCheck(res.json())).toMatchObject({
      status: 'fail',
      message:
        'llm.provider.anthropic.api_key resolves to nothing: environment variable SHOP_ANTHROPIC_KEY is not set.',
    });
  });

  it('--probe tells an auth failure, an unavailable model and an unreachable endpoint apart', async () => {
    useAnthropic();
    const ok = await ktx(['status', '--probe', '--json'], { SHOP_ANTHROPIC_KEY: KEY });
    expect(llmCheck(ok.json()).message).toMatch(
      /^LLM ready: yes \(claude-sonnet-4-6\) · live check answered in \d+ ms$/,
    );

    const auth = await ktx(['status', '--probe'], { SHOP_ANTHROPIC_KEY: 'sk-ant-wrong-key-0000000000' });
    expect(auth.code).toBe(1);
    expect(auth.stdout).toContain('authentication failed: invalid x-api-key');
    expect(auth.stdout).toContain('Next: Check the Anthropic API key: llm.provider.anthropic.api_key');

    expect((await ktx(['config', 'set', 'llm.models.default', 'claude-nonexistent-9'])).code).toBe(0);
    const model = await ktx(['status', '--probe', '--json'], { SHOP_ANTHROPIC_KEY: KEY });
    expect(model.code).toBe(1);
    expect(llmCheck(model.json())).toMatchObject({
      status: 'fail',
      message:
        'LLM ready: no (claude-nonexistent-9) · model claude-nonexistent-9 is not available to this account: model: claude-nonexistent-9',
      fix: expect.stringContaining('Set llm.models.default in ktx.yaml to a model id your account can use'),
    });

    expect((await ktx(['config', 'set', 'llm.models.default', 'claude-sonnet-4-6'])).code).toBe(0);
    const closedPort = await freePort();
    expect(
      (await ktx(['config', 'set', 'llm.provider.anthropic.base_url', `http://127.0.0.1:${closedPort}/v1`]))
        .code,
    ).toBe(0);
    const down = await ktx(['status', '--probe', '--json'], { SHOP_ANTHROPIC_KEY: KEY });
    expect(down.code).toBe(1);
    expect(llmCheck(down.json())).toMatchObject({
      message: expect.stringContaining(
        `provider request failed: cannot reach 127.0.0.1:${closedPort} (ECONNREFUSED`,
      ),
      fix: expect.stringContaining('llm.provider.anthropic.base_url'),
    });
    for (const res of [ok, auth, model, down]) expect(res.stdout + res.stderr).not.toContain(KEY);
  });

  it('--probe on vertex authenticates with application-default credentials (metadata server)', async () => {
    expect(
      (await ktx(['setup', '--llm-backend', 'vertex', '--vertex-project', 'fake-project', '--no-input']))
        .code,
    ).toBe(0);
    expect((await ktx(['config', 'set', 'llm.provider.vertex.base_url', fake.vertexBaseUrl])).code).toBe(0);
    const adc = {
      HOME: root,
      GOOGLE_APPLICATION_CREDENTIALS: undefined,
      GCE_METADATA_HOST: fake.metadataHost,
      METADATA_SERVER_DETECTION: 'assume-present',
    };
    const res = await ktx(['status', '--probe', '--json'], adc);
    expect(llmCheck(res.json())).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('LLM ready: yes (claude-sonnet-4-6)'),
    });
    expect(fake.calls('vertex').at(-1)!.headers.authorization).toBe('Bearer ya29.e2e-metadata-token');
    expect(res.stdout).not.toContain('ya29.e2e-metadata-token');
  });

  it('warns about caching settings that cannot be honoured', async () => {
    useAnthropic();
    expect((await ktx(['config', 'set', 'llm.promptCaching.toolsTtl', '5m'])).code).toBe(0);
    const res = await ktx(['status', '--json'], { SHOP_ANTHROPIC_KEY: KEY });
    expect(llmCheck(res.json(), 'llm.caching')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('systemTtl 1h is sent as 5m'),
    });
  });

  it('doctor shows every LLM check in detail, probes, and exits like status', async () => {
    useAnthropic();
    const res = await ktx(['doctor'], { SHOP_ANTHROPIC_KEY: KEY });
    expect(res.code).toBe(2);
    for (const text of [
      '(llm)',
      'live check answered',
      '(llm.models)',
      'curator claude-opus-4-7',
      '(llm.caching)',
      'tools 1h, system 1h, history 5m',
      '(llm.credentials)',
      'environment variable SHOP_ANTHROPIC_KEY',
      '(llm.limits)',
      'up to 6 attempts',
      '(llm.debug)',
    ]) {
      expect(res.stdout).toContain(text);
    }
    const json = await ktx(['doctor', '--json'], { SHOP_ANTHROPIC_KEY: 'sk-ant-wrong-key-0000000000' });
    expect(json.code).toBe(1);
    const body = json.json();
    expect(body.command).toBe('doctor');
    expect(llmCheck(body)).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('ANTHROPIC_API_KEY'),
    });
    expect(llmCheck(body, 'llm.models').details).toMatchObject({
      roles: { repair: { model: 'claude-haiku-4-5', from: 'llm.models.repair' } },
    });
  });

  it('KTX_LLM_DEBUG records the probe request and response without the key', async () => {
    useAnthropic();
    const file = join(project, '.ktx', 'logs', 'llm-debug.jsonl');
    const res = await ktx(['status', '--probe'], { SHOP_ANTHROPIC_KEY: KEY, KTX_LLM_DEBUG: file });
    expect(res.stdout).toContain('LLM ready: yes');
    const log = readFileSync(file, 'utf8');
    const kinds = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['call.start', 'http.request', 'http.response', 'call.end']),
    );
    expect(log).toContain('"max_tokens":1');
    expect(log).not.toContain(KEY);
  });
});

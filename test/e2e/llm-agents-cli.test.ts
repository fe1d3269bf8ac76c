import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';

/**
 * `ktx setup`, `ktx status` and `ktx doctor` for claude-code and codex, through the built
 * binary. Nothing here reaches a provider: the live checks run the real bundled binaries in a
 * throwaway HOME, where neither is signed in, which is exactly what they must report.
 */

const CONFIG = `# ktx project configuration (hand-written)
version: 1
project:
  name: shop # the shop warehouse
connections: {}
llm:
  provider:
    backend: none
team_notes: keep me # unknown key, must survive
`;

let root: string;
let cleanup: () => void;
let template: string;
let project: string;
let home: string;
let counter = 0;

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ktx-agents-e2e-'));
  template = join(root, 'template');
  await runKtx(['init', template], { env: cleanEnv() });
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
    'config',
  ]);
});
afterAll(() => cleanup());
beforeEach(() => {
  project = join(root, `p${++counter}`);
  home = join(root, `home${counter}`);
  cpSync(template, project, { recursive: true });
});

// A HOME of its own: no Claude Code or Codex sign-in, no user Codex config.
const ktx = (args: string[]) =>
  runKtx(args, {
    cwd: project,
    env: cleanEnv({
      HOME: home,
      CODEX_HOME: undefined,
      ANTHROPIC_API_KEY: 'sk-ant-must-not-be-used',
      OPENAI_API_KEY: undefined,
      CODEX_API_KEY: undefined,
    }),
  });
const yaml = () => readFileSync(join(project, 'ktx.yaml'), 'utf8');
interface Check {
  id: string;
  status: string;
  message: string;
  fix?: string;
  details?: Record<string, unknown>;
}
const check = (body: { data: { checks: Check[] } }, id: string) => body.data.checks.find((c) => c.id === id);

describe('ktx setup for the local-agent backends', () => {
  it('writes the claude-code preset with --llm-model opus, without credentials, and says what it uses', async () => {
    const res = await ktx(['setup', '--llm-backend', 'claude-code', '--llm-model', 'opus', '--no-input']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      'LLM configured: claude-code · default opus, triage haiku, candidateExtraction opus',
    );
    expect(res.stderr).toContain('claude-code uses your local Claude Code sign-in');
    const text = yaml();
    expect(text).toContain('backend: claude-code');
    expect(text).toMatch(/default: opus\n\s+triage: haiku/);
    expect(text).not.toMatch(/api_key|sk-ant/);
    expect(text).toContain('team_notes: keep me # unknown key, must survive');
  });

  it('writes codex with --llm-model gpt-5.5 and discloses the isolation limits and the agent-client difference', async () => {
    const res = await ktx([
      'setup',
      '--llm-backend',
      'codex',
      '--llm-model',
      'gpt-5.5',
      '--no-input',
      '--json',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json().data.llm).toMatchObject({
      backend: 'codex',
      models: { default: 'gpt-5.5', triage: 'gpt-5.5', curator: 'gpt-5.5', repair: 'gpt-5.5' },
    });
    expect(res.stderr).toContain('Codex may still load your user Codex config');
    expect(res.stderr).toContain('built-in command execution and read-only file capabilities');
    expect(res.stderr).toContain('llm.provider.backend: claude-code for stricter isolation');
    expect(res.stderr).toContain('`ktx setup --agents --target codex`');
    // OpenAI caches by itself: nothing written that codex would ignore.
    expect(yaml()).not.toContain('promptCaching');
  });

  it('rejects model ids a backend cannot use, listing what it accepts, and writes nothing', async () => {
    const codex = await ktx(['setup', '--llm-backend', 'codex', '--llm-model', 'sonnet', '--no-input']);
    expect(codex.code).toBe(64);
    expect(codex.stderr).toContain(
      '--llm-model "sonnet" is not a codex model (accepted: codex or default (both mean gpt-5.5), or a gpt-* / codex-* model id)',
    );
    const claude = await ktx([
      'setup',
      '--llm-backend',
      'claude-code',
      '--llm-model',
      'gpt-5.5',
      '--no-input',
    ]);
    expect(claude.code).toBe(64);
    expect(claude.stderr).toContain('accepted: sonnet, opus, haiku, or a full Claude model id');
    expect(yaml()).toBe(CONFIG);
  });
});

describe('ktx status and doctor for the local-agent backends', () => {
  it('codex: ready from its configuration, with the isolation disclosure, and no sign-in when probed', async () => {
    await ktx(['setup', '--llm-backend', 'codex', '--no-input']);
    const status = await ktx(['status', '--json']);
    const body = status.json();
    expect(check(body, 'llm')).toMatchObject({ status: 'ok', message: 'LLM ready: yes (gpt-5.5)' });
    const isolation = check(body, 'llm.isolation')!;
    expect(isolation.status).toBe('ok');
    expect(isolation.message).toContain('Codex may still load your user Codex config');
    expect(isolation.message).toContain('claude-code for stricter isolation');
    expect(check(body, 'llm.caching')).toBeUndefined();

    const probed = await ktx(['status', '--probe', '--json']);
    expect(probed.code).toBe(1);
    const llm = check(probed.json(), 'llm')!;
    expect(llm.status).toBe('fail');
    expect(llm.message).toContain('Codex is not signed in');
    expect(llm.message).toContain('no Codex sign-in found');
    expect(llm.fix).toContain('codex login');
  });

  it('claude-code: warns about each prompt-caching field it ignores, and reports no sign-in from the real binary', async () => {
    await ktx(['setup', '--llm-backend', 'claude-code', '--no-input']);
    await ktx(['config', 'set', 'llm.promptCaching.systemTtl', '1h']);
    await ktx(['config', 'set', 'llm.promptCaching.historyTtl', '5m']);
    const status = await ktx(['status', '--json']);
    expect(status.code).toBe(2);
    const caching = check(status.json(), 'llm.caching')!;
    expect(caching.status).toBe('warn');
    expect(caching.message).toContain(
      'claude-code ignores llm.promptCaching.systemTtl, llm.promptCaching.historyTtl',
    );
    expect(caching.message).not.toContain('promptCaching.enabled');
    expect(caching.fix).toContain('ktx config unset llm.promptCaching.systemTtl');
    expect(check(status.json(), 'llm')).toMatchObject({
      message: 'LLM ready: yes (sonnet → claude-sonnet-4-6)',
    });

    const doctor = await ktx(['doctor', '--json']);
    expect(doctor.code).toBe(1);
    const body = doctor.json();
    expect(check(body, 'llm.caching')!.status).toBe('warn');
    const llm = check(body, 'llm')!;
    expect(llm.message).toContain('Claude Code is not signed in');
    expect(llm.message).toContain('Not logged in');
    expect(llm.fix).toContain('/login');
    // The API key in the environment was not used to get around the missing sign-in.
    expect(llm.message).not.toContain('sk-ant');
    expect(check(body, 'llm.credentials')!.message).toContain('local Claude Code sign-in');
  });

  it('blocks on a model id the backend cannot use in any role, naming the setting', async () => {
    await ktx(['setup', '--llm-backend', 'claude-code', '--no-input']);
    await ktx(['config', 'set', 'llm.models.triage', 'gpt-5.5']);
    const res = await ktx(['status', '--json']);
    expect(res.code).toBe(1);
    const llm = check(res.json(), 'llm')!;
    expect(llm.status).toBe('fail');
    expect(llm.message).toContain('llm.models.triage: "gpt-5.5" is not a claude-code model');
    expect(llm.fix).toContain('ktx config set llm.models.triage');
  });
});

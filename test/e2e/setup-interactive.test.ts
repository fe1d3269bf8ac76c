import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KTX_BIN, makeTempDir, runKtx } from '../support/cli.js';

/**
 * Interactive `ktx setup` in a real pseudo-terminal (util-linux `script`), driven like a person:
 * wait for each question, press keys. Checks the clack pickers and that the result is written.
 */

let root: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-setup-tty-'));
});
afterAll(() => cleanup());

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\r/g;
const DOWN = '\u001b[B';

/** Sends keys one by one, like typing: a terminal delivers them as separate reads. */
async function typeKeys(stdin: NodeJS.WritableStream, keys: string): Promise<void> {
  const presses = keys.match(/\u001b\[[A-D]|[\s\S]/g) ?? [];
  for (const press of presses) {
    await new Promise((resolve) => setTimeout(resolve, 40));
    stdin.write(press);
  }
}

function drive(cwd: string, steps: Array<[prompt: string, keys: string]>, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    const command = `stty cols 160 rows 50; exec node ${KTX_BIN} setup`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd,
      env: {
        ...process.env,
        TERM: 'xterm-256color',
        NO_COLOR: '1',
        KTX_PROJECT_DIR: undefined,
        CI: undefined,
        ...env,
      },
    });
    let output = '';
    let step = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `timed out waiting for "${steps[step]?.[0]}"; screen:\n${output.replace(ANSI, '').slice(-2000)}`,
        ),
      );
    }, 30_000);
    let transcript = '';
    child.stdout.on('data', (chunk) => {
      transcript += chunk;
      output += chunk;
      if (step < steps.length && output.replace(ANSI, '').includes(steps[step]![0])) {
        output = ''; // the next question must appear after this answer
        void typeKeys(child.stdin, steps[step]![1]);
        step++;
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output: transcript.replace(ANSI, '') });
    });
  });
}

it('walks through backend, model and key source with the pickers, then writes ktx.yaml', async () => {
  const project = join(root, 'p');
  expect((await runKtx(['init', project])).code).toBe(0);
  const result = await drive(
    project,
    [
      ['Which LLM should ktx use?', '\r'], // Anthropic API (first)
      ['Main model', `${DOWN}\r`], // Claude Opus 4.7 (second)
      ['Where does the Anthropic API key come from?', `${DOWN}${DOWN}\r`], // another variable
      ['Environment variable name', 'TEAM_ANTHROPIC_KEY\r'],
      ['Test it now', `${DOWN}\r`], // No
      ['Which agent clients', '\r'], // none
    ],
    { ANTHROPIC_API_KEY: undefined },
  );
  expect(result.code, result.output).toBe(0);
  expect(result.output).toContain('Claude Sonnet 4.6 (balanced, recommended)');
  expect(result.output).toContain('LLM configured: anthropic · default claude-opus-4-7');
  const yaml = readFileSync(join(project, 'ktx.yaml'), 'utf8');
  expect(yaml).toContain('backend: anthropic');
  expect(yaml).toContain('api_key: env:TEAM_ANTHROPIC_KEY');
  expect(yaml).toContain('default: claude-opus-4-7');
  expect(result.output).toContain('No agent client selected; nothing written.');
});

it('offers the curated codex models or free-form, and discloses codex isolation inside the setup frame', async () => {
  const project = join(root, 'codex');
  expect((await runKtx(['init', project])).code).toBe(0);
  const result = await drive(
    project,
    [
      ['Which LLM should ktx use?', `${DOWN}${DOWN}${DOWN}${DOWN}\r`], // codex (fifth)
      ['Main model', `${DOWN}${DOWN}${DOWN}\r`], // Other
      ['Model id', 'gpt-5.3-codex-spark\r'],
      ['Test it now', `${DOWN}\r`], // No
      ['Which agent clients', '\r'], // none
    ],
    {},
  );
  expect(result.code, result.output).toBe(0);
  for (const offered of ['gpt-5.5 (recommended', 'gpt-5.4', 'gpt-5.4-mini', 'Other (type a model id)'])
    expect(result.output).toContain(offered);
  // The disclosure is drawn in the clack frame (its gutter), before the test question.
  const lines = result.output.split('\n');
  const disclosure = lines.findIndex((line) => line.includes('Codex isolation is limited'));
  expect(disclosure).toBeGreaterThan(0);
  expect(lines[disclosure]!.trimStart()).toMatch(/^[│●◆◇]/);
  expect(disclosure).toBeLessThan(lines.findIndex((line) => line.includes('Test it now')));
  expect(result.output).toContain('claude-code for stricter isolation');
  const yaml = readFileSync(join(project, 'ktx.yaml'), 'utf8');
  expect(yaml).toContain('backend: codex');
  expect(yaml).toContain('default: gpt-5.3-codex-spark');
});

it('ends with the agent clients: connects the ones picked, in the scope picked', async () => {
  const project = join(root, 'agents');
  expect((await runKtx(['init', project])).code).toBe(0);
  const home = makeTempDir('ktx-setup-tty-home-');
  try {
    const result = await drive(
      project,
      [
        ['Which LLM should ktx use?', '\r'], // Anthropic API
        ['Main model', '\r'],
        ['Where does the Anthropic API key come from?', `${DOWN}${DOWN}\r`], // another variable
        ['Environment variable name', 'TEAM_ANTHROPIC_KEY\r'],
        ['Test it now', `${DOWN}\r`], // No
        ['Which agent clients', ` ${DOWN} \r`], // Claude Code and Codex
        ['Where should ktx install them?', '\r'], // this project
      ],
      { ANTHROPIC_API_KEY: undefined, HOME: home.dir, CODEX_HOME: undefined },
    );
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8')).mcpServers.ktx.args).toContain(
      'stdio',
    );
    expect(readFileSync(join(project, '.codex', 'config.toml'), 'utf8')).toContain('[mcp_servers.ktx]');
    const listed = await runKtx(['--project-dir', project, '--json', 'agents', 'list']);
    expect(
      listed
        .json()
        .data.installs.map((install: { target: string }) => install.target)
        .sort(),
    ).toEqual(['claude-code', 'codex']);
  } finally {
    home.cleanup();
  }
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runKtx } from '../support/cli.js';
import { createDemoProject, httpClient } from '../support/mcp-project.js';

/**
 * `ktx mcp start | status | stop | logs` on a real detached daemon: start returns once the new
 * process answers /health, a daemon of another ktx version is replaced, a busy port is a clear
 * error, and the state in .ktx/ follows the process.
 */

let project: { dir: string; root: string; cleanup(): void };
const ktx = (...args: string[]) => runKtx(['--project-dir', project.dir, ...args], { env: cleanEnv() });
const statePath = () => join(project.dir, '.ktx', 'mcp', 'daemon.json');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  project = await createDemoProject('ktx-mcp-daemon-');
}, 180_000);
afterAll(async () => {
  await ktx('mcp', 'stop');
  project.cleanup();
});

describe('the MCP daemon', () => {
  it('starts healthy, reports itself, serves MCP, is idempotent, logs, and stops', async () => {
    const started = await ktx('--json', 'mcp', 'start', '--port', '0');
    expect(started.code, started.stderr + started.stdout).toBe(0);
    const data = started.json().data;
    expect(data).toMatchObject({ status: 'started', tokenAuth: false, version: expect.any(String) });
    expect(data.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    // "started" means /health already answers from that process.
    const health = await (await fetch(data.url.replace(/\/mcp$/, '/health'))).json();
    expect(health).toMatchObject({
      status: 'ok',
      pid: data.pid,
      version: data.version,
    });
    expect(JSON.stringify(health)).not.toContain(project.dir);
    expect(JSON.parse(readFileSync(statePath(), 'utf8'))).toMatchObject({ pid: data.pid, url: data.url });

    const client = await httpClient(data.url);
    await client.callTool({ name: 'sl_query', arguments: { measures: ['accounts.customer_count'] } });
    const status = await ktx('--json', 'mcp', 'status');
    expect(status.json().data).toMatchObject({
      running: true,
      pid: data.pid,
      sessions: 1,
      versionMatches: true,
    });
    expect(status.json().data.latencyMs.requests).toBeGreaterThan(0);
    await client.close();

    const again = await ktx('--json', 'mcp', 'start');
    expect(again.json().data).toMatchObject({ status: 'already_running', pid: data.pid });
    const human = await ktx('mcp', 'status');
    expect(human.stdout).toContain(`ktx MCP daemon running at ${data.url}`);

    const logs = await ktx('--json', 'mcp', 'logs', '--lines', '200');
    const lines: string[] = logs.json().data.lines;
    expect(lines.some((line) => line.includes(`serving ${project.dir} at ${data.url}`))).toBe(true);
    expect(lines.some((line) => /tool sl_query ok [\d.]+ ms/.test(line))).toBe(true);

    const stopped = await ktx('--json', 'mcp', 'stop');
    expect(stopped.json().data).toMatchObject({ status: 'stopped', pid: data.pid });
    expect(alive(data.pid)).toBe(false);
    expect(existsSync(statePath())).toBe(false);
    expect((await ktx('--json', 'mcp', 'status')).json().data.running).toBe(false);
    expect((await ktx('mcp', 'stop')).stdout).toContain('not running');
  });

  it('replaces a daemon of another ktx version', async () => {
    // An "old" daemon at the protocol level: a process answering /health with another version.
    const old: ChildProcess = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:http').createServer((q, r) => { r.writeHead(200, {'content-type':'application/json'}); r.end(JSON.stringify({status:'ok', pid: process.pid, version: '0.0.1'})); });
         s.listen(0, '127.0.0.1', () => console.log(s.address().port)); process.on('SIGTERM', () => process.exit(0));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = await new Promise<number>((resolve) =>
      old.stdout!.once('data', (d) => resolve(Number(String(d).trim()))),
    );
    mkdirSync(join(project.dir, '.ktx', 'mcp'), { recursive: true });
    writeFileSync(
      statePath(),
      JSON.stringify({
        schemaVersion: 1,
        pid: old.pid,
        host: '127.0.0.1',
        port,
        url: `http://127.0.0.1:${port}/mcp`,
        healthUrl: `http://127.0.0.1:${port}/health`,
        version: '0.0.1',
        projectDir: project.dir,
        startedAt: new Date().toISOString(),
        tokenAuth: false,
        logPath: '',
      }),
    );
    const exited = new Promise((resolve) => old.once('exit', resolve));
    const started = await ktx('--json', 'mcp', 'start', '--port', '0');
    expect(started.code, started.stderr).toBe(0);
    expect(started.json().data).toMatchObject({
      status: 'started',
      replaced: { pid: old.pid, version: '0.0.1' },
    });
    await exited;
    expect(started.json().data.pid).not.toBe(old.pid);
    const human = await ktx('mcp', 'stop');
    expect(human.stdout).toContain('ktx MCP daemon stopped');
  });

  it('says which port is busy and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await ktx('--json', 'mcp', 'start', '--port', String(port));
      expect(busy.code).toBe(1);
      expect(busy.json().error).toMatchObject({ code: 'mcp_port_in_use' });
      expect(busy.json().error.hint).toContain('--port');
      expect(existsSync(statePath())).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('explains a missing log and bad flags', async () => {
    const fresh = await createDemoProject('ktx-mcp-nolog-');
    try {
      const missing = await runKtx(['--project-dir', fresh.dir, '--json', 'mcp', 'logs'], {
        env: cleanEnv(),
      });
      expect(missing.code).toBe(1);
      expect(missing.json().error.code).toBe('mcp_log_missing');
    } finally {
      fresh.cleanup();
    }
    const badPort = await ktx('--json', 'mcp', 'start', '--port', 'abc');
    expect(badPort.code).toBe(64);
    expect(badPort.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

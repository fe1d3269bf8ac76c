import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { initProject } from '../../src/project/init.js';
import { KTX_BIN, makeTempDir } from './cli.js';
import { DEMO_ASSETS } from './demo-project.js';
import { writeDemoScan } from './demo-scan.js';
import { demoSqliteFile } from './warehouses.js';

/**
 * A complete demo project for MCP and agent tests: the Orbital SQLite warehouse (generated once
 * per machine, then copied), the shipped semantic layer and wiki, a scan snapshot, and its own
 * git repository with everything committed (what `ktx demo` produces once built).
 */
export async function createDemoProject(
  prefix = 'ktx-mcp-',
): Promise<{ dir: string; root: string; cleanup(): void }> {
  const { dir: root, cleanup } = makeTempDir(prefix);
  const dir = join(root, 'orbital');
  initProject(dir, { name: 'orbital-demo' });
  mkdirSync(join(dir, 'data'), { recursive: true });
  copyFileSync(await demoSqliteFile(), join(dir, 'data', 'orbital.sqlite'));
  writeFileSync(
    join(dir, 'ktx.yaml'),
    [
      'version: 1',
      'project:',
      '  name: orbital-demo',
      '  default_connection: warehouse',
      'connections:',
      '  warehouse:',
      '    driver: sqlite',
      '    path: data/orbital.sqlite',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, '.gitignore'), '.ktx/\ndata/\n');
  cpSync(join(DEMO_ASSETS, 'semantic-layer'), join(dir, 'semantic-layer', 'warehouse'), { recursive: true });
  cpSync(join(DEMO_ASSETS, 'wiki'), join(dir, 'wiki', 'global'), { recursive: true });
  writeDemoScan(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      stdio: 'ignore',
    });
  git('add', '-A');
  git('commit', '-qm', 'demo content');
  return { dir, root, cleanup };
}

/** An MCP SDK client on `ktx mcp stdio`, launched like an agent client launches it. */
export async function stdioClient(projectDir: string, env: NodeJS.ProcessEnv = {}): Promise<Client> {
  const client = new Client({ name: 'ktx-test', version: '1.0.0' });
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...process.env,
    KTX_PROJECT_DIR: undefined,
    NO_COLOR: '1',
    ...env,
  })) {
    if (value !== undefined) merged[key] = value;
  }
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [KTX_BIN, 'mcp', 'stdio', '--project-dir', projectDir],
      env: merged,
      stderr: 'pipe',
    }),
  );
  return client;
}

export async function httpClient(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'ktx-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(url),
      token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {},
    ),
  );
  return client;
}

// The body of `npm run bench:llm` (bundled and run by llm.mjs): describe the demo warehouse's
// tables through the real runtime and AI SDK against the fake Anthropic server (which models
// prompt caching like the API), then print calls, tokens and the share of input read from cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrichTableDescriptions } from '../../src/llm/enrich/describe-tables.js';
import { createLlmRuntime } from '../../src/llm/runtime.js';
import { llmSchema } from '../../src/project/config/schema.js';
import type { RelationshipResult, TableSnapshot } from '../../src/scan/types.js';
import snapshot from '../../test/fixtures/scan/demo-warehouse.snapshot.json' with { type: 'json' };
import { describeResponder } from '../../test/support/fakes/describe-responder.js';
import { startFakeLlmServer } from '../../test/support/fakes/llm-server.js';

const TARGET = 0.7;
const KEY = 'sk-ant-bench-0000000000000000';

const fake = await startFakeLlmServer({ anthropicKey: KEY, responder: describeResponder });
const projectDir = mkdtempSync(join(tmpdir(), 'ktx-bench-llm-'));
try {
  const llm = llmSchema.parse({
    provider: { backend: 'anthropic', anthropic: { api_key: KEY, base_url: fake.anthropicBaseUrl } },
    models: { default: 'claude-sonnet-4-6', candidateExtraction: 'claude-sonnet-4-6' },
  });
  const runtime = await createLlmRuntime({
    projectDir,
    llm,
    debug: null,
    env: {},
    waitDisplay: process.stderr,
  });
  const tables = snapshot.tables as unknown as TableSnapshot[];
  const relationships = snapshot.relationships as unknown as RelationshipResult[];
  const options = { runtime, projectDir, connection: snapshot.connection, tables, relationships };

  const started = performance.now();
  const first = await enrichTableDescriptions(options);
  const ms = performance.now() - started;
  const rerun = await enrichTableDescriptions(options);
  await runtime.close();

  const u = first.stats.usage;
  const share = u.input > 0 ? u.cacheRead / u.input : 0;
  const columns = Object.values(first.descriptions).reduce(
    (sum, d) => sum + Object.keys(d.columns).length,
    0,
  );
  const pad = (label: string) => label.padEnd(34);
  console.log(
    `LLM table descriptions, demo warehouse (${tables.length} tables, ${tables.reduce((s, t) => s + t.columns.length, 0)} columns), fake Anthropic API`,
  );
  console.log(`${pad('LLM calls')}${first.stats.calls} (${first.stats.batches} batches)`);
  console.log(`${pad('tables / columns described')}${first.stats.described} / ${columns}`);
  console.log(`${pad('input tokens')}${u.input}`);
  console.log(`${pad('  read from cache')}${u.cacheRead}`);
  console.log(`${pad('  written to cache')}${u.cacheWrite}`);
  console.log(`${pad('  uncached')}${u.input - u.cacheRead - u.cacheWrite}`);
  console.log(`${pad('output tokens')}${u.output}`);
  console.log(
    `${pad('share of input read from cache')}${(share * 100).toFixed(1)} % (target >= ${TARGET * 100} %)`,
  );
  console.log(`${pad('wall time')}${ms.toFixed(0)} ms`);
  console.log(
    `${pad('re-run, unchanged warehouse')}${rerun.stats.calls} LLM calls, ${rerun.stats.fromCache} tables from the description cache`,
  );
  const ok = share >= TARGET && first.failures.length === 0 && rerun.stats.calls === 0;
  console.log(ok ? 'targets: met' : 'targets: NOT met');
  process.exitCode = ok ? 0 : 1;
} finally {
  await fake.close();
  rmSync(projectDir, { recursive: true, force: true });
}

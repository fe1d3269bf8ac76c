// npm run bench:search — retrieval quality on the labelled demo set, and speed on a generated
// corpus of 10k documents. Prints numbers; targets: lexical recall@5 >= 0.9, p50 < 10 ms, index < 10 s.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaneName } from '../../../src/search/lanes/types.js';
import { SearchIndex } from '../../../src/search/search-index.js';
import { writeDemoProject } from '../../../test/support/demo-project.js';
import { writeDemoScan } from '../../../test/support/demo-scan.js';
import { startFakeEmbeddingsServer } from '../../../test/support/fake-embeddings.js';
import { evaluate, loadEvalSet, type Metrics } from '../../../test/support/search-eval.js';
import { benchQueries, writeCorpus } from './corpus.js';

const root = mkdtempSync(join(tmpdir(), 'ktx-bench-search-'));
const f3 = (value: number) => value.toFixed(3);
const ms = (value: number) => `${value.toFixed(2)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function row(label: string, m: Metrics, note = ''): string {
  return `${label.padEnd(44)} ${f3(m.recallAt1).padStart(8)} ${f3(m.recallAt5).padStart(9)} ${f3(m.mrr).padStart(6)}  ${note}`;
}

async function quality(): Promise<boolean> {
  const dir = join(root, 'demo');
  writeDemoProject(dir);
  writeDemoScan(dir);
  const queries = loadEvalSet();
  console.log(
    `Retrieval quality: ${queries.length} labelled queries over the demo wiki, semantic layer and scan profiles`,
  );
  console.log(`${'lanes'.padEnd(44)} recall@1  recall@5    MRR`);
  const lexicalIndex = await SearchIndex.open({ projectDir: dir });
  await lexicalIndex.refresh();
  const lexicalLanes: LaneName[] = ['lexical', 'fuzzy', 'values'];
  const lexical = await evaluate(lexicalIndex, queries, { lanes: lexicalLanes });
  const met = lexical.recallAt5 >= 0.9;
  console.log(
    row(
      'lexical lanes (FTS5 + fuzzy + values)',
      lexical,
      `target recall@5 >= 0.9: ${met ? 'met' : 'NOT met'}`,
    ),
  );
  for (const lane of lexicalLanes) {
    console.log(row(`  ${lane} lane alone`, await evaluate(lexicalIndex, queries, { lanes: [lane] })));
  }
  lexicalIndex.close();

  const server = await startFakeEmbeddingsServer({});
  try {
    const vectorIndex = await SearchIndex.open({
      projectDir: dir,
      path: join(dir, '.ktx', 'vector-index.sqlite'),
      embeddings: { backend: 'openai', model: 'fake-hashed-bow', base_url: server.baseUrl, dimensions: 384 },
    });
    const report = await vectorIndex.refresh();
    const vector = await evaluate(vectorIndex, queries, { lanes: ['vector'] });
    console.log(
      row(
        'vector lane alone (fake OpenAI-compatible server)',
        vector,
        `${report.embeddings.embedded} docs embedded over loopback HTTP`,
      ),
    );
    const hybrid = await evaluate(vectorIndex, queries);
    console.log(row('hybrid (all four lanes)', hybrid));
    vectorIndex.close();
  } finally {
    await server.close();
  }
  console.log('\nBy category (lexical lanes):');
  for (const [category, m] of Object.entries(lexical.byCategory))
    console.log(row(`  ${category} (${m.n})`, m));
  if (process.argv.includes('--misses')) {
    for (const miss of lexical.misses)
      console.log(
        `  rank ${miss.rank || '>10'} [${miss.category}] ${miss.q} → ${miss.got.slice(0, 3).join(', ')}`,
      );
  }
  return met;
}

async function speed(): Promise<boolean> {
  const dir = join(root, 'corpus');
  const { words } = writeCorpus(dir, {
    pages: 3000,
    sources: 334,
    columnsPerSource: 14,
    measuresPerSource: 4,
  });
  const index = await SearchIndex.open({ projectDir: dir, freshnessIntervalMs: 1000 });
  let started = performance.now();
  const cpuBefore = process.cpuUsage();
  const build = await index.refresh();
  const buildMs = performance.now() - started;
  const buildCpu = process.cpuUsage(cpuBefore);
  started = performance.now();
  await index.refresh();
  const checkMs = performance.now() - started;
  const page = join(
    dir,
    'wiki',
    'global',
    build.added.find((file) => file.startsWith('wiki/'))!.slice('wiki/global/'.length),
  );
  writeFileSync(page, `${readFileSync(page, 'utf8')}\nOne more line about quokkas.\n`);
  started = performance.now();
  const incremental = await index.refresh();
  const incrementalMs = performance.now() - started;

  const queries = benchQueries(words, 400);
  for (const query of queries.slice(0, 20)) await index.search(query); // warm caches and statements
  const throttled: number[] = [];
  const queryCpuBefore = process.cpuUsage();
  for (const query of queries) {
    const t0 = performance.now();
    await index.search(query);
    throttled.push(performance.now() - t0);
  }
  const queryCpu = process.cpuUsage(queryCpuBefore);
  const everyQuery: number[] = [];
  for (const query of queries.slice(0, 100)) {
    const t0 = performance.now();
    await index.search(query, { refresh: 'never' });
    await index.refresh();
    everyQuery.push(performance.now() - t0);
  }
  index.close();
  const p50 = percentile(throttled, 50);
  const buildOk = buildMs < 10_000;
  const p50Ok = p50 < 10;
  console.log(
    `\nSpeed: generated corpus of ${build.documents} documents (${build.files} files: 3000 wiki pages, 334 semantic sources)`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} (wall times include waiting for the CPU)`,
  );
  console.log(
    `full index build                 ${(buildMs / 1000).toFixed(2)} s   target < 10 s: ${buildOk ? 'met' : 'NOT met'}  (CPU ${((buildCpu.user + buildCpu.system) / 1e6).toFixed(2)} s)`,
  );
  console.log(`freshness check, nothing changed ${ms(checkMs)}`);
  console.log(
    `incremental refresh, 1 file      ${ms(incrementalMs)} (${incremental.updated.length} file re-indexed)`,
  );
  console.log(
    `query latency p50 / p99          ${ms(p50)} / ${ms(percentile(throttled, 99))}   target p50 < 10 ms: ${p50Ok ? 'met' : 'NOT met'}  (${queries.length} queries, 1 in 5 with a typo; files checked at most once a second)`,
  );
  console.log(
    `  mean CPU time per query        ${ms((queryCpu.user + queryCpu.system) / 1000 / queries.length)}`,
  );
  console.log(
    `  with a full freshness check    ${ms(percentile(everyQuery, 50))} / ${ms(percentile(everyQuery, 99))}   (every query stats all ${build.files} files, as a one-shot CLI run does)`,
  );
  await vectorSpeed(dir, queries);
  return buildOk && p50Ok;
}

/** The same corpus with the vector lane on: embedding time over loopback HTTP, query latency. */
async function vectorSpeed(dir: string, queries: string[]): Promise<void> {
  const server = await startFakeEmbeddingsServer({});
  try {
    const index = await SearchIndex.open({
      projectDir: dir,
      path: join(dir, '.ktx', 'vector-index.sqlite'),
      freshnessIntervalMs: 1000,
      embeddings: {
        backend: 'openai',
        model: 'fake-hashed-bow',
        base_url: server.baseUrl,
        dimensions: 384,
        batch_size: 128,
      },
    });
    const started = performance.now();
    const report = await index.refresh();
    const buildMs = performance.now() - started;
    for (const query of queries.slice(0, 20)) await index.search(query);
    const latencies: number[] = [];
    for (const query of queries.slice(0, 200)) {
      const t0 = performance.now();
      await index.search(query);
      latencies.push(performance.now() - t0);
    }
    index.close();
    console.log(
      `with the vector lane             ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}   (${report.embeddings.embedded} documents embedded over loopback HTTP in ${(buildMs / 1000).toFixed(1)} s incl. indexing; includes embedding each new query)`,
    );
  } finally {
    await server.close();
  }
}

try {
  const ok = (await quality()) && (await speed());
  console.log(`\ntargets: ${ok ? 'met' : 'NOT met'}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

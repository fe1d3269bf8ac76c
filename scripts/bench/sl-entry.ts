// Bundled and run by scripts/bench/sl.mjs: in-process compile latency over the golden suite.
import { performance } from 'node:perf_hooks';
import { compileQuery } from '../../src/semantic/compile.js';
import { buildModel } from '../../src/semantic/model/build.js';
import { CHINOOK_SOURCES } from '../../test/semantic/fixtures/chinook/sources.js';
import { SHOP_SOURCES } from '../../test/semantic/fixtures/shop/sources.js';
import { CHINOOK_CASES } from '../../test/semantic/golden/cases-chinook.js';
import { SHOP_CASES } from '../../test/semantic/golden/cases-shop.js';
import { sourcesFromYaml } from '../../test/semantic/support/model.js';

// Several rounds over the whole suite; each round gives its own percentiles and the median round
// is reported, so one burst of machine load (another process taking the CPU) cannot decide the result.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const runs = Number(process.env.BENCH_RUNS_PER_QUERY ?? 40);
const shopSources = sourcesFromYaml(SHOP_SOURCES);
const options = { connectionId: 'wh', dialect: 'postgres' } as const;
const suites = [
  { model: buildModel(shopSources, options), cases: SHOP_CASES },
  { model: buildModel(sourcesFromYaml(CHINOOK_SOURCES), options), cases: CHINOOK_CASES },
];
const queries = suites.reduce((n, s) => n + s.cases.length, 0);
for (const { model, cases } of suites)
  for (const c of cases) for (let i = 0; i < 20; i++) compileQuery(model, c.query);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const results: Array<{ p50: number; p90: number; p99: number; max: number }> = [];
for (let round = 0; round < rounds; round++) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const { model, cases } of suites) {
      for (const golden of cases) {
        const start = performance.now();
        compileQuery(model, golden.query);
        samples.push(performance.now() - start);
      }
    }
  }
  samples.sort((a, b) => a - b);
  results.push({ p50: pct(samples, 50), p90: pct(samples, 90), p99: pct(samples, 99), max: samples.at(-1)! });
}
results.sort((a, b) => a.p99 - b.p99);
const builds: number[] = [];
for (let i = 0; i < 20; i++) {
  const start = performance.now();
  buildModel(shopSources, options);
  builds.push(performance.now() - start);
}
builds.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ queries, runs, rounds, median: results[Math.floor(results.length / 2)], best: results[0], modelBuildMs: builds[10] })}\n`,
);

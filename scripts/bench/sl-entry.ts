// Bundled and run by scripts/bench/sl.mjs: in-process compile latency over the golden suite.
import { performance } from 'node:perf_hooks';
import { compileQuery } from '../../src/semantic/compile.js';
import { buildModel } from '../../src/semantic/model/build.js';
import { CHINOOK_SOURCES } from '../../test/semantic/fixtures/chinook/sources.js';
import { demoModel } from '../../test/semantic/fixtures/demo/sources.js';
import { SHOP_SOURCES } from '../../test/semantic/fixtures/shop/sources.js';
import { CHINOOK_CASES } from '../../test/semantic/golden/cases-chinook.js';
import { DEMO_CASES } from '../../test/semantic/golden/cases-demo.js';
import { DEMO_EXAMPLE_CASES } from '../../test/semantic/golden/cases-demo-examples.js';
import { DEMO_TRAP_CASES } from '../../test/semantic/golden/cases-demo-traps.js';
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
  {
    model: demoModel('postgres', 'postgres'),
    cases: [...DEMO_CASES, ...DEMO_TRAP_CASES, ...DEMO_EXAMPLE_CASES],
  },
];
const queries = suites.reduce((n, s) => n + s.cases.length, 0);
for (const { model, cases } of suites)
  for (const c of cases) for (let i = 0; i < 20; i++) compileQuery(model, c.query);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
type Stats = { p50: number; p90: number; p99: number; max: number };
const stats = (samples: number[]): Stats => {
  samples.sort((a, b) => a - b);
  return { p50: pct(samples, 50), p90: pct(samples, 90), p99: pct(samples, 99), max: samples.at(-1)! };
};
const results: Array<{ wall: Stats; cpu: Stats }> = [];
for (let round = 0; round < rounds; round++) {
  const wall: number[] = [];
  // CPU time (this process, all threads, µs resolution) excludes time spent descheduled by the OS.
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const { model, cases } of suites) {
      for (const golden of cases) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        compileQuery(model, golden.query);
        wall.push(performance.now() - start);
        const used = process.cpuUsage(cpuStart);
        cpu.push((used.user + used.system) / 1000);
      }
    }
  }
  results.push({ wall: stats(wall), cpu: stats(cpu) });
}
results.sort((a, b) => a.wall.p99 - b.wall.p99);
const builds: number[] = [];
for (let i = 0; i < 20; i++) {
  const start = performance.now();
  buildModel(shopSources, options);
  builds.push(performance.now() - start);
}
builds.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ queries, runs, rounds, median: results[Math.floor(results.length / 2)]!.wall, best: results[0]!.wall, cpu: results[Math.floor(results.length / 2)]!.cpu, modelBuildMs: builds[10] })}\n`,
);

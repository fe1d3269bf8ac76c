// Bundled and run by scripts/bench/sl.mjs: in-process compile latency over the golden suite.
import { performance } from 'node:perf_hooks';
import { compileQuery } from '../../src/semantic/compile.js';
import { CHINOOK_SOURCES } from '../../test/semantic/fixtures/chinook/sources.js';
import { SHOP_SOURCES } from '../../test/semantic/fixtures/shop/sources.js';
import { CHINOOK_CASES } from '../../test/semantic/golden/cases-chinook.js';
import { SHOP_CASES } from '../../test/semantic/golden/cases-shop.js';
import { modelFromYaml } from '../../test/semantic/support/model.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const suites = [
  { model: modelFromYaml(SHOP_SOURCES, 'postgres'), cases: SHOP_CASES },
  { model: modelFromYaml(CHINOOK_SOURCES, 'postgres'), cases: CHINOOK_CASES },
];
const samples: number[] = [];
const perCase: Array<{ name: string; median: number }> = [];
for (const { model, cases } of suites) {
  for (const golden of cases) {
    for (let i = 0; i < 20; i++) compileQuery(model, golden.query); // warm-up (JIT)
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      compileQuery(model, golden.query);
      times.push(performance.now() - start);
    }
    samples.push(...times);
    times.sort((a, b) => a - b);
    perCase.push({ name: golden.name, median: times[Math.floor(times.length / 2)]! });
  }
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
const slowest = [...perCase].sort((a, b) => b.median - a.median).slice(0, 3);
const buildStart = performance.now();
modelFromYaml(SHOP_SOURCES, 'postgres');
const buildMs = performance.now() - buildStart;
process.stdout.write(
  `${JSON.stringify({ queries: perCase.length, samples: samples.length, p50: pct(50), p90: pct(90), p99: pct(99), max: samples.at(-1), slowest, modelBuildMs: buildMs })}\n`,
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileQuery } from '../../../src/semantic/compile.js';
import type { SemanticModel } from '../../../src/semantic/model/types.js';
import { CHINOOK_SOURCES } from '../fixtures/chinook/sources.js';
import { SHOP_SOURCES } from '../fixtures/shop/sources.js';
import { type GoldenEngine, openChinook, openShop, REF_HELPERS } from '../support/engines.js';
import { modelFromYaml } from '../support/model.js';
import { CHINOOK_CASES } from './cases-chinook.js';
import { SHOP_CASES } from './cases-shop.js';
import { canonicalRows } from './compare.js';
import type { GoldenCase } from './types.js';

/**
 * The golden suite: every semantic query is compiled for the engine's dialect, executed, and
 * compared (column names and rows) with hand-written reference SQL run on the same engine.
 * Plans that combine several groups also run in the key-spine shape MySQL gets, so that shape
 * is executed here too.
 */

const ENGINES = ['sqlite', 'duckdb'] as const;
const SUITES = [
  { name: 'shop', open: openShop, sources: SHOP_SOURCES, cases: SHOP_CASES },
  { name: 'chinook', open: openChinook, sources: CHINOOK_SOURCES, cases: CHINOOK_CASES },
];

it('has at least 60 cases, 15 of them fan or chasm traps', () => {
  const all = SUITES.flatMap((suite) => suite.cases);
  expect(all.length).toBeGreaterThanOrEqual(60);
  expect(all.filter((c) => c.trap).length).toBeGreaterThanOrEqual(15);
  expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
});

for (const suite of SUITES) {
  for (const engineName of ENGINES) {
    describe(`golden ${suite.name} on ${engineName}`, () => {
      let engine: GoldenEngine;
      let model: SemanticModel;
      beforeAll(async () => {
        engine = await suite.open(engineName);
        model = modelFromYaml(suite.sources, engine.dialect);
        expect(model.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
      });
      afterAll(async () => engine?.close());

      for (const golden of suite.cases) {
        it(golden.name, async () => {
          await check(engine, model, golden, false);
        });
      }
    });
  }
}

async function check(
  engine: GoldenEngine,
  model: SemanticModel,
  golden: GoldenCase,
  spine: boolean,
): Promise<void> {
  const compiled = compileQuery(model, golden.query, { forceSpine: spine });
  const reference = await engine.query(golden.reference(REF_HELPERS[engine.name]!));
  const actual = await engine.query(compiled.sql).catch((error: Error) => {
    throw new Error(`${error.message}\n--- compiled SQL ---\n${compiled.sql}`);
  });
  expect(actual.columns, 'output column names').toEqual(compiled.columns.map((c) => c.name));
  expect(actual.columns, 'same names as the reference').toEqual(reference.columns);
  const ordered = golden.ordered === true;
  expect(canonicalRows(actual, ordered), `rows differ; compiled SQL:\n${compiled.sql}`).toEqual(
    canonicalRows(reference, ordered),
  );
  if (golden.trap === 'chasm') expect(compiled.plan.strategy).toBe('per-source-ctes');
  if (golden.trap === 'fan')
    expect(compiled.plan.risks.length + (compiled.plan.strategy === 'single-query' ? 1 : 0)).toBeGreaterThan(
      0,
    );
  if (!spine && compiled.plan.combine?.method === 'full-outer-join') await check(engine, model, golden, true);
}

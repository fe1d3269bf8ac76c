import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/connectors/types.js';
import { compileQuery } from '../../../src/semantic/compile.js';
import type { SemanticModel } from '../../../src/semantic/model/types.js';
import { type Engine, GOLDEN_ENGINES, type GoldenEngine } from '../support/engines.js';
import { REF_HELPERS } from '../support/ref-helpers.js';
import { ACROSS_ENGINES, type Canonical, canonicalRows, firstDifference, SAME_ENGINE } from './compare.js';
import type { GoldenCase } from './types.js';

/**
 * One golden suite (a dataset, its semantic layer, its cases) on every engine. Each case is
 * compiled for the engine's dialect, executed through the read-only connector and compared
 * (column names and rows) with the hand-written reference SQL run on the same engine. Every
 * dialect gets the same plan shapes, so each shape runs on four engines. Finally each case's
 * answer must be the same on every engine (within the tolerance documented in compare.ts).
 */

export interface GoldenSuite {
  name: string;
  open(engine: Engine): Promise<GoldenEngine>;
  /** The semantic layer for one engine (engine-specific sources live with the fixture). */
  model(dialect: Dialect, engine: Engine): SemanticModel;
  cases: GoldenCase[];
  /** Rewrites reference SQL for an engine (e.g. quoting Chinook's CamelCase names on PostgreSQL). */
  adaptReference?(sql: string, engine: Engine): string;
}

export function defineGoldenSuite(suite: GoldenSuite): void {
  const answers = new Map<string, Map<Engine, Canonical[][]>>();
  for (const engineName of GOLDEN_ENGINES) {
    describe(`golden ${suite.name} on ${engineName}`, () => {
      let engine: GoldenEngine;
      let model: SemanticModel;
      beforeAll(async () => {
        engine = await suite.open(engineName);
        model = suite.model(engine.dialect, engineName);
        expect(model.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
      });
      afterAll(async () => engine?.close());

      for (const golden of suite.cases) {
        it(golden.name, async () => {
          const rows = await check(suite, engine, model, golden);
          if (!answers.has(golden.name)) answers.set(golden.name, new Map());
          answers.get(golden.name)!.set(engineName, rows);
        });
      }
    });
  }

  describe(`golden ${suite.name}: the same answers on every engine`, () => {
    for (const golden of suite.cases) {
      it(golden.name, () => {
        const byEngine = answers.get(golden.name);
        expect([...(byEngine?.keys() ?? [])].sort(), 'every engine answered').toEqual(
          [...GOLDEN_ENGINES].sort(),
        );
        const base = byEngine!.get('sqlite')!;
        for (const other of GOLDEN_ENGINES.filter((name) => name !== 'sqlite')) {
          expect(
            firstDifference(byEngine!.get(other)!, base, ACROSS_ENGINES),
            `${other} vs sqlite`,
          ).toBeUndefined();
        }
      });
    }
  });
}

async function check(
  suite: GoldenSuite,
  engine: GoldenEngine,
  model: SemanticModel,
  golden: GoldenCase,
): Promise<Canonical[][]> {
  const compiled = compileQuery(model, golden.query);
  const written = golden.reference(REF_HELPERS[engine.name]);
  const referenceSql = suite.adaptReference ? suite.adaptReference(written, engine.name) : written;
  const reference = await engine.query(referenceSql).catch((error: Error) => {
    throw new Error(`reference SQL failed: ${error.message}\n--- reference SQL ---\n${referenceSql}`);
  });
  const actual = await engine.query(compiled.sql).catch((error: Error) => {
    throw new Error(`${error.message}\n--- compiled SQL ---\n${compiled.sql}`);
  });
  expect(
    reference.rows.length,
    'the reference has rows (a case over no data proves nothing)',
  ).toBeGreaterThan(0);
  expect(actual.columns, 'output column names').toEqual(compiled.columns.map((c) => c.name));
  expect(actual.columns, 'same names as the reference').toEqual(reference.columns);
  const ordered = golden.ordered === true;
  const rows = canonicalRows(actual, ordered);
  const difference = firstDifference(rows, canonicalRows(reference, ordered), SAME_ENGINE);
  expect(difference, `${difference}\n--- compiled SQL ---\n${compiled.sql}`).toBeUndefined();
  if (golden.trap === 'chasm') expect(compiled.plan.strategy).toBe('per-source-ctes');
  if (golden.trap === 'fan')
    expect(compiled.plan.risks.length + (compiled.plan.strategy === 'single-query' ? 1 : 0)).toBeGreaterThan(
      0,
    );
  return rows;
}

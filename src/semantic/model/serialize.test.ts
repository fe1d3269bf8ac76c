import { describe, expect, it } from 'vitest';
import { CHINOOK_SOURCES } from '../../../test/semantic/fixtures/chinook/sources.js';
import { SHOP_SOURCES } from '../../../test/semantic/fixtures/shop/sources.js';
import { CHINOOK_CASES } from '../../../test/semantic/golden/cases-chinook.js';
import { SHOP_CASES } from '../../../test/semantic/golden/cases-shop.js';
import { modelFromYaml } from '../../../test/semantic/support/model.js';
import { KtxError } from '../../core/errors.js';
import { compileQuery } from '../compile.js';
import { modelFromJson, modelToJson } from './serialize.js';

describe('model cache round trip', () => {
  it('compiles every golden query identically after JSON round trip', () => {
    for (const [files, cases] of [
      [SHOP_SOURCES, SHOP_CASES],
      [CHINOOK_SOURCES, CHINOOK_CASES],
    ] as const) {
      const model = modelFromYaml(files, 'duckdb');
      const revived = modelFromJson(JSON.parse(JSON.stringify(modelToJson(model))));
      for (const golden of cases) {
        expect(compileQuery(revived, golden.query).sql, golden.name).toBe(
          compileQuery(model, golden.query).sql,
        );
      }
    }
  });

  it('keeps broken items broken, with the same structured error', () => {
    const broken = SHOP_SOURCES.orders!.replace(
      '{name: order_count, expr: "count(*)"}',
      '{name: order_count, expr: "count(statuz)"}',
    );
    const model = modelFromYaml({ ...SHOP_SOURCES, orders: broken }, 'duckdb');
    const revived = modelFromJson(JSON.parse(JSON.stringify(modelToJson(model))));
    let error: unknown;
    try {
      compileQuery(revived, { measures: ['orders.order_count'] });
    } catch (caught) {
      error = caught;
    }
    expect(KtxError.is(error) && error.code).toBe('sl_unknown_field');
    expect(KtxError.is(error) && error.details?.suggestions).toContain('status');
    expect(revived.issues).toEqual(model.issues);
  });
});

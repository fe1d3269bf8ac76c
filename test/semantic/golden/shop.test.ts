import { shopSources } from '../fixtures/shop/sources.js';
import { openShop } from '../support/engines.js';
import { modelFromYaml } from '../support/model.js';
import { SHOP_CASES } from './cases-shop.js';
import { defineGoldenSuite } from './suite.js';

/** The shop fixture: a small dataset built to contain every trap, on all four engines. */
defineGoldenSuite({
  name: 'shop',
  open: openShop,
  model: (dialect, engine) => modelFromYaml(shopSources(engine), dialect),
  cases: SHOP_CASES,
});

import { chinookSources } from '../fixtures/chinook/sources.js';
import { openChinook } from '../support/engines.js';
import { modelFromYaml } from '../support/model.js';
import { quoteMixedCase } from '../support/ref-helpers.js';
import { CHINOOK_CASES } from './cases-chinook.js';
import { defineGoldenSuite } from './suite.js';

/** The public Chinook dataset on all four engines (CamelCase names, quoted on PostgreSQL). */
defineGoldenSuite({
  name: 'chinook',
  open: openChinook,
  model: (dialect, engine) => modelFromYaml(chinookSources(engine), dialect),
  cases: CHINOOK_CASES,
  adaptReference: (sql, engine) => (engine === 'postgres' ? quoteMixedCase(sql) : sql),
});

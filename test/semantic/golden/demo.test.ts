import { demoModel } from '../fixtures/demo/sources.js';
import { openDemo } from '../support/engines.js';
import { DEMO_CASES } from './cases-demo.js';
import { DEMO_EXAMPLE_CASES } from './cases-demo-examples.js';
import { DEMO_TRAP_CASES } from './cases-demo-traps.js';
import { defineGoldenSuite } from './suite.js';

/** The Orbital demo warehouse and its curated semantic layer, on all four engines. */
defineGoldenSuite({
  name: 'demo',
  open: openDemo,
  model: demoModel,
  cases: [...DEMO_CASES, ...DEMO_TRAP_CASES, ...DEMO_EXAMPLE_CASES],
});

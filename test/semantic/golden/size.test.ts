import { expect, it } from 'vitest';
import { CHINOOK_CASES } from './cases-chinook.js';
import { DEMO_CASES } from './cases-demo.js';
import { DEMO_EXAMPLE_CASES } from './cases-demo-examples.js';
import { DEMO_TRAP_CASES } from './cases-demo-traps.js';
import { SHOP_CASES } from './cases-shop.js';

it('the golden suite has at least 60 cases, 15 of them fan or chasm traps, over the demo and Chinook', () => {
  const demo = [...DEMO_CASES, ...DEMO_TRAP_CASES, ...DEMO_EXAMPLE_CASES];
  const all = [...SHOP_CASES, ...CHINOOK_CASES, ...demo];
  expect(all.length).toBeGreaterThanOrEqual(60);
  expect(all.filter((c) => c.trap).length).toBeGreaterThanOrEqual(15);
  expect(demo.length + CHINOOK_CASES.length).toBeGreaterThanOrEqual(60);
  expect(
    demo.filter((c) => c.trap).length + CHINOOK_CASES.filter((c) => c.trap).length,
  ).toBeGreaterThanOrEqual(15);
  expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { enrichTableDescriptions } from '../../src/llm/enrich/describe-tables.js';
import { runIngest } from '../../src/scan/ingest.js';
import type { RelationshipResult, TableSnapshot } from '../../src/scan/types.js';
import snapshot from '../fixtures/scan/demo-warehouse.snapshot.json' with { type: 'json' };
import { describeResponder } from '../support/fakes/describe-responder.js';
import { scanProject } from '../support/scan-project.js';
import { provisionDemo } from '../support/warehouses.js';
import { claudeCodeHarness, codexHarness, type HarnessFactory, tempHome } from './contract/harness.js';

/**
 * Scan enrichment (LLM layer I's first consumer) on the local-agent backends, through their
 * real binaries: the enrichment itself, and `ktx ingest` writing its descriptions into the
 * semantic layer (few tables, so each run starts the binary once).
 */

const tables = () => structuredClone(snapshot.tables) as unknown as TableSnapshot[];
const relationships = snapshot.relationships as unknown as RelationshipResult[];

const cases: Array<[string, HarnessFactory]> = [
  ['claude-code', claudeCodeHarness],
  ['codex', (options) => codexHarness(options)],
];

describe.each(cases)('scan enrichment on %s', (_name, makeHarness) => {
  it('describes every table and column, then serves an unchanged warehouse from the cache', async () => {
    const h = await makeHarness({ responder: describeResponder });
    const project = tempHome('ktx-enrich-agent-');
    try {
      const runtime = await h.runtime();
      const run = () =>
        enrichTableDescriptions({
          runtime,
          projectDir: project.dir,
          connection: 'warehouse',
          tables: tables(),
          relationships,
        });
      const first = await run();
      expect(first.failures).toEqual([]);
      expect(first.stats).toMatchObject({ tables: 14, described: 14, fromCache: 0 });
      for (const table of tables()) {
        const described = first.descriptions[table.key]!;
        expect(described.source).toBe('llm');
        expect(described.table).toMatch(/^One row per/);
        expect(Object.keys(described.columns).sort()).toEqual(table.columns.map((c) => c.name).sort());
      }
      expect(first.stats.usage.input).toBeGreaterThan(0);
      const calls = h.fake.model.calls.length;
      const second = await run();
      expect(second.stats).toMatchObject({ calls: 0, fromCache: 14 });
      expect(h.fake.model.calls.length).toBe(calls);
    } finally {
      project.remove();
      await h.close();
    }
  });
  it('ktx ingest writes the descriptions into the generated semantic layer, once', async () => {
    const h = await makeHarness({ responder: describeResponder });
    const project = tempHome('ktx-ingest-agent-');
    const warehouse = await provisionDemo('sqlite');
    try {
      const runtime = await h.runtime();
      const include_tables = ['plans', 'features', 'exchange_rates'];
      const ktx = await scanProject(project.dir, { warehouse: { ...warehouse.config, include_tables } });
      const first = await runIngest(ktx, 'warehouse', { runtime });
      expect(first.descriptions).toMatchObject({ status: 'llm', described: 3, calls: 1, failed: 0 });
      const plans = parse(readFileSync(join(project.dir, 'semantic-layer/warehouse/plans.yaml'), 'utf8'));
      expect(plans.description).toMatch(/^One row per plan/);
      expect(plans.columns.every((c: { description?: string }) => c.description)).toBe(true);
      const calls = h.fake.model.calls.length;
      const second = await runIngest(ktx, 'warehouse', { runtime });
      expect(second).toMatchObject({ descriptions: { described: 0, calls: 0 }, commit: null });
      expect(h.fake.model.calls.length).toBe(calls);
    } finally {
      await warehouse.cleanup();
      project.remove();
      await h.close();
    }
  });
});

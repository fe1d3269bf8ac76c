import { describe, expect, it } from 'vitest';
import { enrichTableDescriptions } from '../../src/llm/enrich/describe-tables.js';
import type { RelationshipResult, TableSnapshot } from '../../src/scan/types.js';
import snapshot from '../fixtures/scan/demo-warehouse.snapshot.json' with { type: 'json' };
import { describeResponder } from '../support/fakes/describe-responder.js';
import { claudeCodeHarness, codexHarness, type HarnessFactory, tempHome } from './contract/harness.js';

/** Scan enrichment (LLM layer I's first consumer) on the local-agent backends, through their real binaries. */

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
});

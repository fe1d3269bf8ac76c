import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { writeDemoProject } from '../../test/support/demo-project.js';
import { writeDemoScan } from '../../test/support/demo-scan.js';
import { type FakeEmbeddingsServer, startFakeEmbeddingsServer } from '../../test/support/fake-embeddings.js';
import { evaluate, loadEvalSet } from '../../test/support/search-eval.js';
import { SearchIndex } from './search-index.js';

/**
 * Retrieval quality on the labelled set (test/fixtures/search-eval.yaml), so a ranking change
 * that hurts it fails CI. `npm run bench:search` prints the same metrics per lane and category.
 */

const queries = loadEvalSet();
let dir: string;
let cleanup: () => void;
let server: FakeEmbeddingsServer;

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('ktx-retrieval-eval-'));
  writeDemoProject(dir);
  writeDemoScan(dir);
  server = await startFakeEmbeddingsServer();
});
afterAll(async () => {
  await server.close();
  cleanup();
});

describe('labelled retrieval set', () => {
  it('has at least 100 queries covering every category, all labels pointing at real documents', async () => {
    expect(queries.length).toBeGreaterThanOrEqual(100);
    const categories = new Set(queries.map((query) => query.category));
    expect([...categories].sort()).toEqual([
      'abbreviation',
      'business',
      'exact',
      'literal',
      'synonym',
      'typo',
    ]);
    const index = await SearchIndex.open({ projectDir: dir });
    await index.refresh();
    const refs = new Set(
      (
        index.db.prepare('SELECT kind, key, ref FROM docs').all() as Array<{
          kind: string;
          key: string;
          ref: string;
        }>
      ).map((row) => (row.kind === 'wiki' ? `wiki:${row.key}` : row.ref)),
    );
    index.close();
    for (const query of queries)
      for (const label of query.expect) expect(refs, `${query.q} → ${label}`).toContain(label);
  });

  it('lexical lanes reach recall@5 >= 0.9', async () => {
    const index = await SearchIndex.open({ projectDir: dir });
    await index.refresh();
    const report = await evaluate(index, queries, { lanes: ['lexical', 'fuzzy', 'values'] });
    index.close();
    expect(report.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(report.mrr).toBeGreaterThanOrEqual(0.8);
    for (const [category, metrics] of Object.entries(report.byCategory)) {
      expect(metrics.recallAt5, category).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('the vector lane alone finds answers through a loopback OpenAI-compatible server, and fusion keeps recall', async () => {
    const index = await SearchIndex.open({
      projectDir: dir,
      path: `${dir}/.ktx/vector.sqlite`,
      embeddings: { backend: 'openai', model: 'fake', base_url: server.baseUrl, dimensions: 384 },
    });
    await index.refresh();
    const vector = await evaluate(index, queries, { lanes: ['vector'] });
    const hybrid = await evaluate(index, queries);
    index.close();
    // Hashed bag-of-words vectors know no synonyms: they must still find a real share of answers.
    expect(vector.recallAt5).toBeGreaterThanOrEqual(0.5);
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(0.9);
  });
});

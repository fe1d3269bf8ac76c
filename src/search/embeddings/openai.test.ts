import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/cli.js';
import { writeDemoProject } from '../../../test/support/demo-project.js';
import {
  type FakeEmbeddingsServer,
  startFakeEmbeddingsServer,
} from '../../../test/support/fake-embeddings.js';
import { redact } from '../../core/redact.js';
import type { EmbeddingsConfig } from '../../project/config/schema.js';
import { SearchIndex } from '../search-index.js';

const KEY = 'sk-test-embeddings-0123456789abcdef';
let server: FakeEmbeddingsServer;
let dir: string;
let cleanup: () => void;
let index: SearchIndex;
let config: EmbeddingsConfig;

const inputsSent = () => server.requests.reduce((sum, request) => sum + request.inputs.length, 0);

beforeAll(async () => {
  server = await startFakeEmbeddingsServer({ apiKey: KEY });
  ({ dir, cleanup } = makeTempDir('ktx-openai-embeddings-'));
  writeDemoProject(dir);
  config = {
    backend: 'openai',
    model: 'fake-embed-small',
    base_url: server.baseUrl,
    api_key: 'env:KTX_TEST_EMBEDDINGS_KEY',
    dimensions: 384,
    batch_size: 16,
  };
  index = await SearchIndex.open({
    projectDir: dir,
    embeddings: config,
    env: { KTX_TEST_EMBEDDINGS_KEY: KEY },
  });
});
afterAll(async () => {
  index.close();
  await server.close();
  cleanup();
});

describe('OpenAI-compatible embeddings over HTTP', () => {
  it('embeds every document in batches, with the key, model and dimensions configured', async () => {
    const report = await index.refresh();
    expect(report.embeddings).toMatchObject({ status: 'ok' });
    expect(report.embeddings.embedded).toBe(report.documents);
    expect(report.embeddings.computed).toBe(inputsSent());
    expect(server.requests.length).toBeGreaterThan(5);
    for (const request of server.requests) {
      expect(request.inputs.length).toBeLessThanOrEqual(16);
      expect(request).toMatchObject({
        model: 'fake-embed-small',
        dimensions: 384,
        authorization: `Bearer ${KEY}`,
      });
    }
    // The key was registered for redaction the moment it was resolved.
    expect(redact(`key=${KEY}`)).toBe('key=[redacted]');
  });

  it('serves the vector lane, fused with the lexical lanes', async () => {
    const response = await index.search('annual recurring revenue', { refresh: 'never', limit: 5 });
    expect(response.lanes.find((lane) => lane.lane === 'vector')).toMatchObject({ status: 'ok' });
    expect(response.results.slice(0, 2).some((r) => r.lanes.vector !== undefined)).toBe(true);
    const vectorOnly = await index.search('annual recurring revenue', {
      refresh: 'never',
      limit: 3,
      lanes: ['vector'],
    });
    expect(vectorOnly.lanes.map((lane) => lane.status)).toEqual(['skipped', 'skipped', 'skipped', 'ok']);
    expect(vectorOnly.results[0]).toMatchObject({ ref: 'warehouse/subscriptions.arr', lanes: { vector: 1 } });
  });

  it('caches vectors by content hash: unchanged documents and repeated queries are never re-sent', async () => {
    const before = inputsSent();
    await index.refresh();
    await index.search('annual recurring revenue', { refresh: 'never' });
    expect(inputsSent()).toBe(before);
    const file = join(dir, 'wiki', 'global', 'churn.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('# Churn', '# Churn and cancellations'));
    const report = await index.refresh();
    expect(report.updated).toEqual(['wiki/global/churn.md']);
    expect(report.embeddings.computed).toBe(1);
    expect(inputsSent()).toBe(before + 1);
  });

  it('keeps searching lexically when the endpoint fails, and says why', async () => {
    server.failNext(1000);
    try {
      writeFileSync(
        join(dir, 'wiki', 'global', 'new-page.md'),
        '---\nsummary: Pelican counts\n---\nPelicans.\n',
      );
      const report = await index.refresh();
      expect(report.embeddings.status).toBe('failed');
      expect(report.embeddings.reason).toContain('the fake server was told to fail');
      const response = await index.search('pelican counting', { refresh: 'never' });
      const vector = response.lanes.find((lane) => lane.lane === 'vector')!;
      expect(vector.status).toBe('failed');
      expect(vector.reason).toMatch(/Embedding request to http:\/\/127\.0\.0\.1:\d+\/v1 failed/);
      expect(response.results[0]).toMatchObject({ key: 'new-page' });
    } finally {
      server.failNext(0);
    }
  });

  it("never returns another user's pages through the vector lane", async () => {
    mkdirSync(join(dir, 'wiki', 'user', 'ben'), { recursive: true });
    writeFileSync(
      join(dir, 'wiki', 'user', 'ben', 'flamingo.md'),
      '---\nsummary: Flamingo notes\n---\nFlamingo flamingo.\n',
    );
    const fresh = await SearchIndex.open({
      projectDir: dir,
      embeddings: config,
      env: { KTX_TEST_EMBEDDINGS_KEY: KEY },
    });
    try {
      await fresh.refresh({ force: true });
      const ben = await fresh.search('flamingo notes', {
        refresh: 'never',
        userId: 'ben',
        lanes: ['vector'],
      });
      expect(ben.results[0]).toMatchObject({ key: 'flamingo', scope: 'user' });
      const ana = await fresh.search('flamingo notes', {
        refresh: 'never',
        userId: 'ana',
        lanes: ['vector'],
      });
      expect(ana.results.some((r) => r.key === 'flamingo')).toBe(false);
    } finally {
      fresh.close();
    }
  });

  it('reports a rejected API key without printing it', async () => {
    const wrong = await SearchIndex.open({
      projectDir: dir,
      embeddings: { ...config, api_key: 'env:WRONG_KEY' },
      env: { WRONG_KEY: 'sk-wrong-key-000000000000' },
      path: join(dir, '.ktx', 'other-index.sqlite'),
    });
    try {
      const report = await wrong.refresh();
      expect(report.embeddings.status).toBe('failed');
      expect(report.embeddings.reason).toContain('Incorrect API key');
      expect(redact(report.embeddings.reason!)).not.toContain('sk-wrong-key');
      const lexical = await wrong.search('refund policy', { refresh: 'never' });
      expect(lexical.results[0]).toMatchObject({ key: 'refunds' });
    } finally {
      wrong.close();
    }
  });

  it('fails the vector lane (not the search) when the key reference resolves to nothing', async () => {
    const missing = await SearchIndex.open({
      projectDir: dir,
      embeddings: { ...config, api_key: 'env:KTX_UNSET_KEY_FOR_TEST' },
      env: {},
      path: join(dir, '.ktx', 'third-index.sqlite'),
    });
    try {
      const response = await missing.search('refund policy');
      expect(response.lanes.find((lane) => lane.lane === 'vector')).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining('KTX_UNSET_KEY_FOR_TEST is not set'),
      });
      expect(response.results[0]).toMatchObject({ key: 'refunds' });
    } finally {
      missing.close();
    }
  });
});

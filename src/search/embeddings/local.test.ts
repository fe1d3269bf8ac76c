import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/cli.js';
import { writeDemoProject } from '../../../test/support/demo-project.js';
import { startFakeHub } from '../../../test/support/fake-hub.js';
import { writeTinyModel } from '../../../test/support/tiny-model.js';
import { KtxError } from '../../core/errors.js';
import { SearchIndex } from '../search-index.js';
import { createLocalProvider } from './local.js';
import type { EmbeddingProgress } from './provider.js';

/**
 * The local backend runs transformers.js + ONNX Runtime in-process on a model folder generated
 * here (no network), and downloads a model once from a loopback stand-in for the hub.
 */

const TOPICS = [
  ['refund', 'refunds', 'refunded', 'chargeback', 'chargebacks', 'reimbursement', 'money', 'back'],
  ['churn', 'churned', 'cancel', 'canceled', 'cancellation', 'cancellations', 'attrition'],
  ['revenue', 'recurring', 'arr', 'mrr', 'income', 'annual', 'monthly'],
  ['ticket', 'tickets', 'support', 'helpdesk', 'sla', 'priority'],
  ['customer', 'customers', 'client', 'clients', 'account', 'accounts'],
  ['timezone', 'utc', 'time', 'zone', 'zones', 'local'],
];

let root: string;
let cleanup: () => void;
let modelDir: string;

beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-local-embeddings-'));
  modelDir = join(root, 'models', 'tiny-embedder');
  writeTinyModel(modelDir, TOPICS);
});
afterAll(() => cleanup());

describe('local embeddings from a model directory (offline)', () => {
  it('embeds texts into unit vectors whose similarity follows meaning', async () => {
    const provider = await createLocalProvider({ backend: 'local', path: modelDir }, { projectDir: root });
    const [refund, chargeback, churn] = await provider.embed([
      'a refund',
      'chargebacks',
      'churned customers',
    ]);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);
    expect(dot(refund!, refund!)).toBeCloseTo(1, 5);
    expect(dot(refund!, chargeback!)).toBeGreaterThan(0.9);
    expect(dot(refund!, churn!)).toBeLessThan(0.3);
    expect(provider.id).toContain(modelDir);
  });

  it('powers the vector lane of a project search', async () => {
    const project = join(root, 'project');
    writeDemoProject(project);
    const index = await SearchIndex.open({
      projectDir: project,
      embeddings: { backend: 'local', path: modelDir, batch_size: 8 },
    });
    try {
      const report = await index.refresh();
      expect(report.embeddings).toMatchObject({ status: 'ok' });
      expect(report.embeddings.embedded).toBe(report.documents);
      // "reimbursement" appears in no document: only the vector lane can connect it to refunds.
      const response = await index.search('reimbursement', { refresh: 'never', limit: 5, lanes: ['vector'] });
      expect(response.lanes.find((lane) => lane.lane === 'vector')).toMatchObject({ status: 'ok' });
      expect(response.results.length).toBeGreaterThan(0);
      expect(response.results[0]!.ref).toMatch(/^warehouse\/refunds/);
      expect(response.results.filter((r) => /refund/.test(r.ref)).length).toBeGreaterThanOrEqual(4);
      expect(response.results.every((r) => Number.isFinite(r.score))).toBe(true);
    } finally {
      index.close();
    }
  });

  it('says what is wrong with a folder that is not a model', async () => {
    await expect(
      createLocalProvider({ backend: 'local', path: join(root, 'nope') }, { projectDir: root }),
    ).rejects.toMatchObject({
      code: 'embeddings_model_missing',
    });
  });
});

describe('local embeddings from a model id', () => {
  it('downloads the model once, with progress, then works from the cache without the hub', async () => {
    const hub = await startFakeHub({ 'acme/tiny-embedder': modelDir });
    const cacheDir = join(root, 'model-cache');
    const events: EmbeddingProgress[] = [];
    try {
      const provider = await createLocalProvider(
        { backend: 'local', model: 'acme/tiny-embedder', cache_dir: cacheDir },
        { projectDir: root, env: { KTX_HF_ENDPOINT: hub.url }, onProgress: (event) => events.push(event) },
      );
      const [vector] = await provider.embed(['refund']);
      expect(vector!.length).toBe(16);
      expect(hub.hits.some((hit) => hit.endsWith('/acme/tiny-embedder/resolve/main/onnx/model.onnx'))).toBe(
        true,
      );
      expect(events.some((event) => event.phase === 'download')).toBe(true);
      expect(existsSync(join(cacheDir, 'acme', 'tiny-embedder', 'onnx', 'model.onnx'))).toBe(true);
    } finally {
      await hub.close();
    }
    const hits = readdirSync(join(cacheDir, 'acme', 'tiny-embedder')).length;
    expect(hits).toBeGreaterThan(0);
    // The hub is gone; a new provider loads from the cache.
    const offline = await createLocalProvider(
      { backend: 'local', model: 'acme/tiny-embedder', cache_dir: cacheDir },
      { projectDir: root, env: { KTX_HF_ENDPOINT: 'http://127.0.0.1:9/' } },
    );
    const [again] = await offline.embed(['refund']);
    expect(again!.length).toBe(16);
  });

  it('explains what to do when the model cannot be downloaded', async () => {
    const provider = await createLocalProvider(
      { backend: 'local', model: 'acme/not-cached', cache_dir: join(root, 'empty-cache') },
      { projectDir: root, env: { KTX_HF_ENDPOINT: 'http://127.0.0.1:9/' } },
    );
    const error = await provider.embed(['x']).catch((caught: unknown) => caught);
    expect(KtxError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'embeddings_model_unavailable' });
    expect((error as KtxError).message).toContain(
      'Cannot download the embedding model "acme/not-cached" from http://127.0.0.1:9/',
    );
    expect((error as KtxError).hint).toContain('embeddings.path');
    expect((error as KtxError).hint).toContain(join(root, 'empty-cache'));
  });
});

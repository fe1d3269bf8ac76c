import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { writeTinyModel } from '../../test/support/tiny-model.js';
import type { LoadedConfig } from '../project/config/load.js';
import { configSchema, type EmbeddingsConfig } from '../project/config/schema.js';
import { embeddingsChecks } from './status-checks.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('ktx-embeddings-status-'));
  writeTinyModel(join(dir, 'models', 'tiny'), [
    ['refund', 'chargeback'],
    ['churn', 'cancel'],
  ]);
});
afterAll(() => cleanup());

async function check(embeddings: Partial<EmbeddingsConfig>, probe = false) {
  const config = configSchema.parse({ version: 1, embeddings });
  const loaded = {
    projectDir: dir,
    file: join(dir, 'ktx.yaml'),
    text: '',
    config,
    warnings: [],
  } as LoadedConfig;
  const [result] = await embeddingsChecks.run({ projectDir: dir, loaded, probe });
  return result!;
}

describe('embeddings readiness', () => {
  it('is optional', async () => {
    expect(await check({ backend: 'none' })).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('search stays lexical'),
    });
  });

  it('checks a local model folder offline, and loads it with --probe', async () => {
    expect(await check({ backend: 'local', path: './models/tiny' })).toMatchObject({
      status: 'ok',
      message: `local model at ${join(dir, 'models', 'tiny')} (offline)`,
    });
    expect(await check({ backend: 'local', path: './models/tiny' }, true)).toMatchObject({
      status: 'ok',
      details: { dimensions: 16 },
    });
    mkdirSync(join(dir, 'models', 'empty'));
    writeFileSync(join(dir, 'models', 'empty', 'config.json'), '{}');
    expect(await check({ backend: 'local', path: './models/empty' })).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('has no onnx/model.onnx'),
    });
  });

  it('warns that a model id will be downloaded, until it is in the cache', async () => {
    const cache = join(dir, 'cache');
    const pending = await check({ backend: 'local', model: 'acme/tiny', cache_dir: cache });
    expect(pending).toMatchObject({ status: 'warn', fix: expect.stringContaining('embeddings.path') });
    mkdirSync(join(cache, 'acme', 'tiny'), { recursive: true });
    writeFileSync(join(cache, 'acme', 'tiny', 'config.json'), '{}');
    expect(await check({ backend: 'local', model: 'acme/tiny', cache_dir: cache })).toMatchObject({
      status: 'ok',
    });
  });

  it('requires a model and a key for the openai backend', async () => {
    expect(await check({ backend: 'openai' })).toMatchObject({
      status: 'fail',
      message: 'embeddings.model is not set',
    });
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(await check({ backend: 'openai', model: 'text-embedding-3-small' })).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('env:OPENAI_API_KEY'),
      });
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
    expect(await check({ backend: 'openai', model: 'm', base_url: 'http://127.0.0.1:1/v1' })).toMatchObject({
      status: 'ok',
    });
    const probe = await check({ backend: 'openai', model: 'm', base_url: 'http://127.0.0.1:1/v1' }, true);
    expect(probe).toMatchObject({ status: 'fail', message: expect.stringContaining('probe failed') });
  });
});

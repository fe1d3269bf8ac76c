import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { requireProjectDir, resolveProjectDir } from './resolve.js';

describe('project resolution precedence', () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    for (const name of ['flag', 'env', 'ancestor']) {
      mkdirSync(join(root, name), { recursive: true });
      writeFileSync(join(root, name, 'ktx.yaml'), 'version: 1\n');
    }
    mkdirSync(join(root, 'ancestor', 'deep', 'er'), { recursive: true });
  });
  afterEach(() => cleanup());

  const cwd = () => join(root, 'ancestor', 'deep', 'er');

  it('--project-dir wins over everything', () => {
    const r = resolveProjectDir({
      flag: join(root, 'flag'),
      env: { KTX_PROJECT_DIR: join(root, 'env') },
      cwd: cwd(),
    });
    expect(r).toEqual({ dir: join(root, 'flag'), source: 'flag', hasConfig: true });
  });

  it('KTX_PROJECT_DIR wins over the ancestor search', () => {
    const r = resolveProjectDir({ env: { KTX_PROJECT_DIR: join(root, 'env') }, cwd: cwd() });
    expect(r).toEqual({ dir: join(root, 'env'), source: 'env', hasConfig: true });
  });

  it('finds the nearest ancestor with ktx.yaml', () => {
    expect(resolveProjectDir({ env: {}, cwd: cwd() })).toEqual({
      dir: join(root, 'ancestor'),
      source: 'ancestor',
      hasConfig: true,
    });
  });

  it('falls back to the current directory', () => {
    const lonely = join(root, 'lonely');
    mkdirSync(lonely);
    // A temp dir's parents have no ktx.yaml, so the walk ends at the filesystem root.
    expect(resolveProjectDir({ env: {}, cwd: lonely })).toEqual({
      dir: lonely,
      source: 'cwd',
      hasConfig: false,
    });
  });

  it('relative flags resolve against the current directory', () => {
    expect(resolveProjectDir({ flag: '../../../flag', env: {}, cwd: cwd() }).dir).toBe(join(root, 'flag'));
  });

  it('outside a project, says how to create one', () => {
    const lonely = join(root, 'lonely');
    mkdirSync(lonely);
    expect(() => requireProjectDir({ env: {}, cwd: lonely })).toThrow(/No ktx project found/);
    try {
      requireProjectDir({ env: {}, cwd: lonely });
    } catch (error) {
      expect((error as { hint: string }).hint).toContain('ktx init');
    }
  });

  it('rejects empty values', () => {
    expect(() => resolveProjectDir({ flag: '  ', env: {}, cwd: cwd() })).toThrow(
      /--project-dir needs a path/,
    );
    expect(() => resolveProjectDir({ env: { KTX_PROJECT_DIR: '' }, cwd: cwd() })).toThrow(
      /KTX_PROJECT_DIR is set but empty/,
    );
  });
});

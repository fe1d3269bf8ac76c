import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { staticProblems } from './status-checks.js';

describe('connection readiness without connecting', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => cleanup());

  it('finds missing database files and unset variables, and accepts what resolves', () => {
    writeFileSync(join(dir, 'here.db'), '');
    expect(staticProblems('a', { driver: 'sqlite', path: 'here.db' }, dir)).toEqual([]);
    expect(staticProblems('b', { driver: 'duckdb', path: 'gone.duckdb' }, dir)).toEqual([
      'b: database file gone.duckdb does not exist',
    ]);
    expect(
      staticProblems('c', { driver: 'postgres', host: 'h', password: 'env:KTX_UNSET_PW' }, dir, {}),
    ).toEqual(['c: password comes from KTX_UNSET_PW, which is not set']);
    expect(
      staticProblems('d', { driver: 'mysql', host: 'h', password: 'file:nope.txt' }, dir, {})[0],
    ).toContain('connections.d.password: the file');
    expect(
      staticProblems('e', { driver: 'postgres', host: 'h', password: 'env:PW' }, dir, { PW: 'x' }),
    ).toEqual([]);
  });
});

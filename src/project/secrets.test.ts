import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { clearSecretsForTests, redact, redactValue, registerSecret } from '../core/redact.js';
import { requireValue, resolveValue, storeSecret } from './secrets.js';

describe('secret references', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    clearSecretsForTests();
  });
  afterEach(() => cleanup());

  const opts = (env: NodeJS.ProcessEnv = {}) => ({
    projectDir: dir,
    configPath: 'connections.wh.password',
    env,
  });

  it('resolves env: references, trimmed', () => {
    expect(resolveValue('env:PGPASS', opts({ PGPASS: '  s3cret-value \n' }))).toEqual({
      value: 's3cret-value',
      source: 'env',
      origin: 'PGPASS',
    });
  });

  it('treats an unset or empty env var as missing', () => {
    expect(resolveValue('env:NOPE', opts({})).value).toBeUndefined();
    expect(resolveValue('env:EMPTY', opts({ EMPTY: '   ' })).value).toBeUndefined();
  });

  it('names the config path and the variable when a required env ref is missing', () => {
    expect(() => requireValue('env:PGPASS', opts({}))).toThrow(
      /connections\.wh\.password resolves to nothing: environment variable PGPASS is not set/,
    );
  });

  it('resolves file: references relative to the project, whole file trimmed', () => {
    writeFileSync(join(dir, 'pw.txt'), '\nline-one\nline-two\n\n');
    expect(resolveValue('file:pw.txt', opts()).value).toBe('line-one\nline-two');
  });

  it('reports a missing file with the config path instead of crashing', () => {
    expect(() => resolveValue('file:missing.txt', opts())).toThrow(
      new RegExp(
        `connections\\.wh\\.password: the file ${join(dir, 'missing.txt').replace(/[/.]/g, '\\$&')} does not exist`,
      ),
    );
  });

  it('passes literals through', () => {
    expect(resolveValue('hunter2-literal', opts())).toEqual({
      value: 'hunter2-literal',
      source: 'literal',
      origin: undefined,
    });
  });

  it('registers every resolved value for redaction', () => {
    resolveValue('env:TOKEN', opts({ TOKEN: 'tok-abcdef-123456' }));
    writeFileSync(join(dir, 'pw.txt'), 'filesecret99');
    resolveValue('file:pw.txt', opts());
    expect(redact('token tok-abcdef-123456 and filesecret99!')).toBe('token [redacted] and [redacted]!');
  });

  it('stores pasted secrets with mode 0600 and returns a file: reference', () => {
    const ref = storeSecret(dir, 'wh-password', 'pasted-secret-value');
    expect(ref).toBe('file:.ktx/secrets/wh-password');
    const path = join(dir, '.ktx', 'secrets', 'wh-password');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('pasted-secret-value\n');
    expect(resolveValue(ref, opts()).value).toBe('pasted-secret-value');
  });
});

describe('redaction', () => {
  beforeEach(() => clearSecretsForTests());

  it('masks credentials in URLs and bearer tokens even when unregistered', () => {
    expect(redact('postgres://analyst:pa55word@db:5432/shop')).toBe(
      'postgres://analyst:[redacted]@db:5432/shop',
    );
    expect(redact('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [redacted]');
    expect(redact('key sk-ant-api03-abcdefghijklmnop')).toBe('key [redacted]');
  });

  it('masks the longest secret first and ignores very short values', () => {
    registerSecret('abc');
    registerSecret('secret');
    registerSecret('secret-longer');
    expect(redact('abc secret-longer secret')).toBe('abc [redacted] [redacted]');
  });

  it('deep-redacts JSON values', () => {
    registerSecret('deep-secret');
    expect(redactValue({ a: ['x deep-secret'], b: { c: 'deep-secret' }, n: 1 })).toEqual({
      a: ['x [redacted]'],
      b: { c: '[redacted]' },
      n: 1,
    });
  });
});

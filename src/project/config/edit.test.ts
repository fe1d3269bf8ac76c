import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/cli.js';
import { KtxError } from '../../core/errors.js';
import { editConfig, parseCliValue, parseConfigPath, setConfigValue, unsetConfigValue } from './edit.js';

const ORIGINAL = `# Team analytics project — keep this comment
version: 1

project:
  name: shop   # inline comment survives
  future_field: keep-me

connections:
  # the main warehouse
  wh:
    driver: sqlite
    path: ./shop.db

llm:
  provider:
    backend: none
`;

describe('config editing', async () => {
  let dir: string;
  let cleanup: () => void;
  const file = () => join(dir, 'ktx.yaml');

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    writeFileSync(file(), ORIGINAL);
  });
  afterEach(() => cleanup());

  it('keeps comments, order and unknown keys when setting a value', async () => {
    await setConfigValue(dir, parseConfigPath('project.name'), 'analytics');
    const text = readFileSync(file(), 'utf8');
    // Every untouched line is byte-identical; the edited line keeps its comment.
    expect(text).toBe(ORIGINAL.replace('name: shop   #', 'name: analytics #'));
  });

  it('creates missing intermediate blocks', async () => {
    await setConfigValue(dir, parseConfigPath('llm.models.default'), 'claude-sonnet-4-6');
    const text = readFileSync(file(), 'utf8');
    expect(text).toContain('# the main warehouse');
    expect(text).toMatch(/models:\n\s+default: claude-sonnet-4-6/);
  });

  it('parses YAML scalars and lists from the command line', async () => {
    expect(parseCliValue('true')).toBe(true);
    expect(parseCliValue('5')).toBe(5);
    expect(parseCliValue('[a, b]')).toEqual(['a', 'b']);
    expect(parseCliValue('hello world')).toBe('hello world');
    await setConfigValue(dir, parseConfigPath('scan.sample_rows'), '5000');
    expect(readFileSync(file(), 'utf8')).toContain('sample_rows: 5000');
  });

  it('keeps a numeric-looking value a string where the schema wants a string', async () => {
    await setConfigValue(dir, parseConfigPath('project.name'), '2024');
    expect(readFileSync(file(), 'utf8')).toContain('name: "2024"');
  });

  it('refuses an invalid value and leaves the file byte-for-byte unchanged', async () => {
    let caught: unknown;
    try {
      await setConfigValue(dir, parseConfigPath('llm.provider.backend'), 'antropic');
    } catch (error) {
      caught = error;
    }
    expect(KtxError.is(caught)).toBe(true);
    expect((caught as KtxError).code).toBe('config_invalid');
    expect((caught as KtxError).message).toContain('llm.provider.backend');
    expect(readFileSync(file(), 'utf8')).toBe(ORIGINAL);
  });

  it('can fix an invalid file through an edit', async () => {
    writeFileSync(file(), ORIGINAL.replace('backend: none', 'backend: nonee'));
    await setConfigValue(dir, parseConfigPath('llm.provider.backend'), 'none');
    expect(readFileSync(file(), 'utf8')).toBe(ORIGINAL);
  });

  it('refuses to edit a file with broken YAML syntax', async () => {
    writeFileSync(file(), 'version: 1\nproject: [\n');
    await expect(setConfigValue(dir, parseConfigPath('project.name'), 'x')).rejects.toThrow(
      /YAML syntax error/,
    );
    expect(readFileSync(file(), 'utf8')).toBe('version: 1\nproject: [\n');
  });

  it('unsets values', async () => {
    const result = await unsetConfigValue(dir, parseConfigPath('project.future_field'));
    expect(result.changed).toBe(true);
    expect(readFileSync(file(), 'utf8')).not.toContain('future_field');
    expect(readFileSync(file(), 'utf8')).toContain('# inline comment survives');
  });

  it('reports no change when the value is already there', async () => {
    expect((await editConfig(dir, () => {})).changed).toBe(false);
  });

  it('parses dotted paths with indices', async () => {
    expect(parseConfigPath('connections.wh.schemas[0]')).toEqual(['connections', 'wh', 'schemas', 0]);
    expect(() => parseConfigPath('a..b')).toThrow(/Invalid config path/);
  });
});

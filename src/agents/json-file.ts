import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-write.js';
import { KtxError } from '../core/errors.js';

/**
 * Key-level edits of JSON config files other tools own (`.mcp.json`, `~/.claude.json`,
 * `opencode.json`…): only the keys ktx sets change; the rest keeps its order, and the file keeps
 * its indentation.
 */

export type JsonObject = Record<string, unknown>;

export interface JsonFile {
  path: string;
  existed: boolean;
  value: JsonObject;
  indent: string;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readJsonFile(path: string): JsonFile {
  if (!existsSync(path)) return { path, existed: false, value: {}, indent: '  ' };
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch (error) {
    throw new KtxError(
      'agents_config_unreadable',
      `${path} is not valid JSON (${(error as Error).message}).`,
      {
        hint: 'Fix the file (or move it away), then run the command again; ktx edits only valid JSON.',
      },
    );
  }
  if (!isObject(value)) {
    throw new KtxError('agents_config_unreadable', `${path} does not hold a JSON object.`, {
      hint: 'Fix the file (or move it away), then run the command again.',
    });
  }
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  return { path, existed: true, value, indent };
}

export function writeJsonFile(file: JsonFile): void {
  writeFileAtomic(file.path, `${JSON.stringify(file.value, null, file.indent)}\n`);
}

export function getIn(root: JsonObject, keyPath: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of keyPath) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * Sets a value, creating missing parent objects. Returns the index of the first key that did not
 * exist (keyPath.length - 1 when only the leaf was new, keyPath.length when the leaf existed).
 */
export function setIn(
  root: JsonObject,
  keyPath: readonly string[],
  value: unknown,
  path = 'the file',
): number {
  let node = root;
  let createdFrom = keyPath.length;
  keyPath.forEach((key, index) => {
    const last = index === keyPath.length - 1;
    if (!(key in node) && createdFrom === keyPath.length) createdFrom = index;
    if (last) {
      node[key] = value;
      return;
    }
    if (node[key] === undefined) node[key] = {};
    const next = node[key];
    if (!isObject(next)) {
      throw new KtxError(
        'agents_config_conflict',
        `${path}: "${keyPath.slice(0, index + 1).join('.')}" is not an object, so ktx cannot add its entry.`,
        { hint: 'Fix that key by hand, then run the command again.' },
      );
    }
    node = next;
  });
  return createdFrom;
}

/**
 * Deletes the leaf, then the parents ktx created (from `createdFrom`) if they are now empty.
 */
export function deleteIn(root: JsonObject, keyPath: readonly string[], createdFrom: number): void {
  const chain: JsonObject[] = [root];
  for (const key of keyPath.slice(0, -1)) {
    const next = chain.at(-1)![key];
    if (!isObject(next)) return;
    chain.push(next);
  }
  delete chain.at(-1)![keyPath.at(-1)!];
  for (let index = keyPath.length - 2; index >= createdFrom && index >= 0; index--) {
    const child = chain[index + 1]!;
    if (Object.keys(child).length > 0) break;
    delete chain[index]![keyPath[index]!];
  }
}

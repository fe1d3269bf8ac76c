import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-write.js';
import { deleteIn, getIn, type JsonObject, readJsonFile, setIn, writeJsonFile } from './json-file.js';
import type { ManifestEntry } from './manifest.js';
import { readTable, removeTable, upsertTable } from './toml-table.js';

/**
 * The four kinds of edits agent setup makes, each applied, undone and checked the same way.
 * Applying records what was there before (or keeps the record of an earlier install, so a
 * re-run never forgets the original state); undoing puts exactly that back.
 */

export type Change =
  | { kind: 'file'; path: string; content: string }
  | { kind: 'json-value'; path: string; keyPath: string[]; value: unknown }
  | { kind: 'json-items'; path: string; keyPath: string[]; items: string[] }
  | { kind: 'toml-table'; path: string; table: string[]; block: string };

export type ApplyAction = 'created' | 'updated' | 'unchanged';

export interface Applied {
  entry: ManifestEntry;
  action: ApplyAction;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function applyChange(change: Change, original?: ManifestEntry): Applied {
  switch (change.kind) {
    case 'file': {
      const before = readText(change.path);
      if (before !== change.content) writeFileAtomic(change.path, change.content);
      const previous =
        original?.kind === 'file'
          ? original.previous
          : before !== undefined && before !== change.content
            ? before
            : undefined;
      return {
        entry: {
          kind: 'file',
          path: change.path,
          sha256: sha256(change.content),
          ...(previous !== undefined ? { previous } : {}),
        },
        action: before === undefined ? 'created' : before === change.content ? 'unchanged' : 'updated',
      };
    }
    case 'json-value': {
      const file = readJsonFile(change.path);
      const before = getIn(file.value, change.keyPath);
      const createdFrom = setIn(file.value, change.keyPath, change.value, change.path);
      if (!same(before, change.value)) writeJsonFile(file);
      const kept = original?.kind === 'json-value' ? original : undefined;
      const previous = kept ? kept.previous : before;
      return {
        entry: {
          kind: 'json-value',
          path: change.path,
          keyPath: change.keyPath,
          fileCreated: kept ? kept.fileCreated : !file.existed,
          createdFrom: kept ? kept.createdFrom : createdFrom,
          ...(previous !== undefined ? { previous } : {}),
        },
        action: !file.existed ? 'created' : same(before, change.value) ? 'unchanged' : 'updated',
      };
    }
    case 'json-items': {
      const file = readJsonFile(change.path);
      const current = getIn(file.value, change.keyPath);
      const list = Array.isArray(current) ? [...current] : [];
      const added = change.items.filter((item) => !list.includes(item));
      const createdFrom = Array.isArray(current)
        ? change.keyPath.length
        : setIn(file.value, change.keyPath, list, change.path);
      list.push(...added);
      setIn(file.value, change.keyPath, list, change.path);
      if (added.length > 0) writeJsonFile(file);
      const kept = original?.kind === 'json-items' ? original : undefined;
      return {
        entry: {
          kind: 'json-items',
          path: change.path,
          keyPath: change.keyPath,
          items: [...new Set([...(kept?.items ?? []), ...added])],
          fileCreated: kept ? kept.fileCreated : !file.existed,
          createdFrom: kept ? kept.createdFrom : createdFrom,
        },
        action: !file.existed ? 'created' : added.length > 0 ? 'updated' : 'unchanged',
      };
    }
    case 'toml-table': {
      const before = readText(change.path);
      const { text, previous } = upsertTable(before ?? '', change.table, change.block, change.path);
      if (text !== before) writeFileAtomic(change.path, text);
      const kept = original?.kind === 'toml-table' ? original : undefined;
      const keptPrevious = kept ? kept.previous : previous;
      return {
        entry: {
          kind: 'toml-table',
          path: change.path,
          table: change.table,
          fileCreated: kept ? kept.fileCreated : before === undefined,
          ...(keptPrevious !== undefined ? { previous: keptPrevious } : {}),
        },
        action: before === undefined ? 'created' : text === before ? 'unchanged' : 'updated',
      };
    }
  }
}

export type UndoAction = 'removed' | 'restored' | 'kept' | 'missing';

function finishJson(path: string, value: JsonObject, fileCreated: boolean, indent: string): void {
  if (fileCreated && Object.keys(value).length === 0) rmSync(path, { force: true });
  else writeJsonFile({ path, existed: true, value, indent });
}

export function undoEntry(entry: ManifestEntry): UndoAction {
  if (!existsSync(entry.path)) return 'missing';
  switch (entry.kind) {
    case 'file': {
      // A file someone edited since is theirs now: keep it.
      if (sha256(readFileSync(entry.path, 'utf8')) !== entry.sha256) return 'kept';
      if (entry.previous !== undefined) {
        writeFileAtomic(entry.path, entry.previous);
        return 'restored';
      }
      rmSync(entry.path, { force: true });
      return 'removed';
    }
    case 'json-value': {
      const file = readJsonFile(entry.path);
      if (getIn(file.value, entry.keyPath) === undefined) return 'missing';
      if (entry.previous !== undefined) setIn(file.value, entry.keyPath, entry.previous, entry.path);
      else deleteIn(file.value, entry.keyPath, entry.createdFrom);
      finishJson(entry.path, file.value, entry.fileCreated, file.indent);
      return entry.previous !== undefined ? 'restored' : 'removed';
    }
    case 'json-items': {
      const file = readJsonFile(entry.path);
      const current = getIn(file.value, entry.keyPath);
      if (!Array.isArray(current) || !entry.items.some((item) => current.includes(item))) return 'missing';
      const rest = current.filter((item) => !entry.items.includes(item as string));
      if (rest.length === 0 && entry.createdFrom < entry.keyPath.length) {
        deleteIn(file.value, entry.keyPath, entry.createdFrom);
      } else {
        setIn(file.value, entry.keyPath, rest, entry.path);
      }
      finishJson(entry.path, file.value, entry.fileCreated, file.indent);
      return 'removed';
    }
    case 'toml-table': {
      const before = readFileSync(entry.path, 'utf8');
      const removed = removeTable(before, entry.table, entry.path);
      if (removed.removed === undefined) return 'missing';
      const text =
        entry.previous !== undefined
          ? upsertTable(removed.text, entry.table, entry.previous).text
          : removed.text;
      if (entry.fileCreated && text.trim() === '') rmSync(entry.path, { force: true });
      else writeFileAtomic(entry.path, text);
      return entry.previous !== undefined ? 'restored' : 'removed';
    }
  }
}

/** Whether what ktx wrote is still in place (status checks). */
export function entryPresent(entry: ManifestEntry): boolean {
  if (!existsSync(entry.path)) return false;
  try {
    switch (entry.kind) {
      case 'file':
        return true;
      case 'json-value':
        return getIn(readJsonFile(entry.path).value, entry.keyPath) !== undefined;
      case 'json-items': {
        const list = getIn(readJsonFile(entry.path).value, entry.keyPath);
        return Array.isArray(list) && entry.items.every((item) => list.includes(item));
      }
      case 'toml-table':
        return readTable(readFileSync(entry.path, 'utf8'), entry.table) !== undefined;
    }
  } catch {
    return false;
  }
}

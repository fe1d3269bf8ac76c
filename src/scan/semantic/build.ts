import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { rawSourcesDir, semanticLayerDir } from '../../project/layout.js';
import type { ScanSnapshot } from '../types.js';
import { type GeneratedSource, generateSources } from './generate.js';
import { deepEqual, InvalidYamlError, type MergeConflict, mergeSource } from './merge.js';
import { canonicalSource, headerComment, renderSource } from './yaml-text.js';

/**
 * Builds `semantic-layer/<connection>/` from a scan. Ownership model: the files there belong to
 * people; ktx keeps the last version it generated of each one under
 * `raw-sources/<connection>/generated/` and merges every new generation into the person's file
 * with a three-way merge (./merge.ts). So re-scanning an unchanged warehouse changes nothing,
 * warehouse changes flow into fields nobody edited, and edits are never overwritten.
 */

export interface BuildReport {
  connection: string;
  created: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  /** Files ktx left alone, and why. */
  kept: Array<{ file: string; reason: string }>;
  conflicts: Array<MergeConflict & { file: string }>;
  /** Project-relative paths written or deleted (for the commit). */
  touched: string[];
}

type Item = Record<string, unknown>;

/** What a source looks like on both sides of the merge before this build. */
export interface SourceFiles {
  /** The person's file, parsed (undefined: no file, or not valid YAML). */
  ours?: Item;
  /** The last version ktx generated (the merge base). */
  base?: Item;
}

/**
 * A step that may rewrite generated sources before they are merged (LLM descriptions). It sees
 * both sides of the merge so it can leave alone what a person owns.
 */
export type SourceEnricher = (
  sources: GeneratedSource[],
  snapshot: ScanSnapshot,
  files: ReadonlyMap<string, SourceFiles>,
) => Promise<GeneratedSource[]>;

function plain(spec: GeneratedSource['spec']): Item {
  return JSON.parse(JSON.stringify(canonicalSource(spec))) as Item;
}

function readYaml(path: string): { text: string; value: Item | undefined } | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const doc = parseDocument(text);
  const value = doc.errors.length === 0 && doc.contents ? (doc.toJS() as Item) : undefined;
  return { text, value };
}

function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(/[\\/]/).some((part) => part.startsWith('_') || part.startsWith('.')))
    .sort();
}

/** Rewrites join targets after a person renamed a source (`to:` and `old.` qualifiers). */
function applyRenames(sources: GeneratedSource[], renames: Map<string, string>): void {
  if (renames.size === 0) return;
  for (const source of sources) {
    for (const join of source.spec.joins ?? []) {
      const renamed = renames.get(join.to);
      if (!renamed) continue;
      if (!join.alias) join.on = join.on.replace(new RegExp(`\\b${join.to}\\.`, 'g'), `${renamed}.`);
      join.to = renamed;
    }
  }
}

export async function buildSemanticLayer(
  projectDir: string,
  snapshot: ScanSnapshot,
  options: { enrich?: SourceEnricher } = {},
): Promise<BuildReport> {
  const connection = snapshot.overview.connection;
  const layerDir = semanticLayerDir(projectDir, connection);
  const baseDir = join(rawSourcesDir(projectDir, connection), 'generated');
  const rel = (path: string) => relative(projectDir, path);
  const report: BuildReport = {
    connection,
    created: [],
    updated: [],
    unchanged: [],
    removed: [],
    kept: [],
    conflicts: [],
    touched: [],
  };

  let sources = generateSources(snapshot);

  // Find each source's file: its usual name, or a file a person renamed (same `table:`).
  const existing = new Map(listYaml(layerDir).map((file) => [file, readYaml(join(layerDir, file))!]));
  const claimed = new Set(sources.map((source) => source.fileName).filter((file) => existing.has(file)));
  const located = new Map<string, string>();
  for (const source of sources) {
    if (existing.has(source.fileName)) {
      located.set(source.fileName, source.fileName);
      continue;
    }
    const moved = [...existing].find(
      ([file, found]) =>
        !claimed.has(file) && found.value?.table === source.spec.table && found.value?.name !== undefined,
    );
    if (moved) {
      claimed.add(moved[0]);
      located.set(source.fileName, moved[0]);
    }
  }
  const bases = new Map(sources.map((source) => [source.fileName, readYaml(join(baseDir, source.fileName))]));
  if (options.enrich) {
    const files = new Map<string, SourceFiles>(
      sources.map((source) => {
        const file = located.get(source.fileName);
        return [
          source.fileName,
          {
            ours: file ? existing.get(file)?.value : undefined,
            base: bases.get(source.fileName)?.value,
          },
        ];
      }),
    );
    sources = await options.enrich(sources, snapshot, files);
  }
  const renames = new Map<string, string>();
  for (const source of sources) {
    const ours = located.has(source.fileName)
      ? existing.get(located.get(source.fileName)!)?.value
      : undefined;
    const base = bases.get(source.fileName)?.value;
    if (
      ours &&
      typeof ours.name === 'string' &&
      ours.name !== source.spec.name &&
      base?.name === source.spec.name
    ) {
      renames.set(source.spec.name, ours.name);
    }
  }
  applyRenames(sources, renames);

  for (const source of sources) {
    const theirs = plain(source.spec);
    const baseText = renderSource(source.spec);
    const basePath = join(baseDir, source.fileName);
    const base = bases.get(source.fileName);
    const file = located.get(source.fileName);
    const writeBase = () => {
      if (base?.text !== baseText) {
        writeFileAtomic(basePath, baseText);
        report.touched.push(rel(basePath));
      }
    };
    if (!file) {
      if (base) {
        report.kept.push({
          file: rel(join(layerDir, source.fileName)),
          reason: 'deleted by you; not recreated',
        });
        continue;
      }
      const path = join(layerDir, source.fileName);
      writeFileAtomic(path, renderSource(source.spec, headerComment(connection, source.tableKey)));
      report.created.push(rel(path));
      report.touched.push(rel(path));
      writeBase();
      continue;
    }
    const path = join(layerDir, file);
    const ours = existing.get(file)!;
    try {
      const merged = mergeSource(base?.value, theirs, ours.text);
      report.conflicts.push(...merged.conflicts.map((conflict) => ({ ...conflict, file: rel(path) })));
      if (merged.changed) {
        writeFileAtomic(path, merged.text);
        report.updated.push(rel(path));
        report.touched.push(rel(path));
      } else {
        report.unchanged.push(rel(path));
      }
      writeBase();
    } catch (error) {
      if (!(error instanceof InvalidYamlError)) throw error;
      report.kept.push({ file: rel(path), reason: `not valid YAML (${error.message}); fix it and re-run` });
    }
  }

  // Tables that are gone: remove their files unless a person edited them.
  const current = new Set(sources.map((source) => source.fileName));
  for (const file of listYaml(baseDir)) {
    if (current.has(file)) continue;
    const basePath = join(baseDir, file);
    const base = readYaml(basePath);
    const path = join(layerDir, file);
    const ours = existing.get(file);
    if (ours && (!ours.value || !base?.value || !deepEqual(ours.value, base.value))) {
      report.kept.push({
        file: rel(path),
        reason: 'its table is gone from the warehouse, but you edited it',
      });
      continue;
    }
    if (ours) {
      rmSync(path, { force: true });
      report.removed.push(rel(path));
      report.touched.push(rel(path));
    }
    rmSync(basePath, { force: true });
    report.touched.push(rel(basePath));
  }
  for (const list of [report.created, report.updated, report.unchanged, report.removed, report.touched])
    list.sort();
  return report;
}

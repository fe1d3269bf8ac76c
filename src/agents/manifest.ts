import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { KtxError } from '../core/errors.js';
import type { AgentTarget } from '../project/config/schema.js';
import { projectPaths } from '../project/layout.js';

/**
 * `.ktx/agents/install-manifest.json`: every file and config key `ktx setup --agents` wrote,
 * with what was there before, so `ktx agents remove` undoes exactly that and `ktx status` can
 * check the integration is still in place.
 */

export type AgentScope = 'project' | 'global';

export type ManifestEntry =
  /** An instruction file ktx wrote whole. `previous`: its content before, when ktx replaced one. */
  | { kind: 'file'; path: string; sha256: string; previous?: string }
  /** One key of a JSON config (`mcpServers.ktx`). `previous`: the value it replaced. */
  | {
      kind: 'json-value';
      path: string;
      keyPath: string[];
      fileCreated: boolean;
      createdFrom: number;
      previous?: unknown;
    }
  /** Items ktx added to a JSON array (`permissions.allow`), and only those. */
  | {
      kind: 'json-items';
      path: string;
      keyPath: string[];
      items: string[];
      fileCreated: boolean;
      createdFrom: number;
    }
  /** One TOML table (`[mcp_servers.ktx]`). `previous`: the table text it replaced. */
  | { kind: 'toml-table'; path: string; table: string[]; fileCreated: boolean; previous?: string };

export interface Launcher {
  command: string;
  args: string[];
}

export interface AgentInstall {
  target: AgentTarget;
  scope: AgentScope;
  installedAt: string;
  updatedAt: string;
  ktxVersion: string;
  launcher: Launcher;
  entries: ManifestEntry[];
  /** Directories ktx created (removed again when empty), deepest last. */
  createdDirs: string[];
}

export interface InstallManifest {
  version: 1;
  projectDir: string;
  installs: AgentInstall[];
}

export function manifestPath(projectDir: string): string {
  return join(projectPaths(projectDir).agents, 'install-manifest.json');
}

export function readManifest(projectDir: string): InstallManifest {
  let text: string;
  try {
    text = readFileSync(manifestPath(projectDir), 'utf8');
  } catch {
    return { version: 1, projectDir, installs: [] };
  }
  try {
    const parsed = JSON.parse(text) as InstallManifest;
    if (parsed.version === 1 && Array.isArray(parsed.installs)) return parsed;
  } catch {
    // reported below
  }
  throw new KtxError(
    'agents_manifest_unreadable',
    `${manifestPath(projectDir)} is not a ktx install manifest.`,
    {
      hint: 'Move it away and re-run `ktx setup --agents`; remove leftover agent files by hand.',
    },
  );
}

export function writeManifest(manifest: InstallManifest): void {
  writeFileAtomic(manifestPath(manifest.projectDir), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Identity of an entry: the same key in the same file, whatever install wrote it. */
export function entryKey(
  entry: Pick<ManifestEntry, 'kind' | 'path'> & { keyPath?: string[]; table?: string[] },
): string {
  return `${entry.kind}|${entry.path}|${(entry.keyPath ?? entry.table ?? []).join('\u0000')}`;
}

import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { packageVersion } from '../core/package-root.js';
import { ProjectServices } from '../mcp/services.js';
import { ktxTools, readOnlyToolNames } from '../mcp/tools/index.js';
import type { AgentTarget } from '../project/config/schema.js';
import type { Project } from '../project/project.js';
import { type ApplyAction, applyChange, type UndoAction, undoEntry } from './changes.js';
import {
  type AgentInstall,
  type AgentScope,
  entryKey,
  type ManifestEntry,
  readManifest,
  writeManifest,
} from './manifest.js';
import { ktxLauncher, planTarget, TARGET_LABELS } from './targets.js';

/**
 * `ktx setup --agents` and `ktx agents remove`: apply a target's plan, record every edit in the
 * install manifest, and undo exactly those edits later. Files two targets share (Codex and the
 * universal skill) are removed only with the last install that uses them.
 */

export interface InstallReport {
  target: AgentTarget;
  label: string;
  scope: AgentScope;
  files: Array<{ path: string; action: ApplyAction }>;
  next: string[];
  notes: string[];
}

/** Parent directories of `path` that do not exist yet, outermost first. */
function missingDirs(path: string): string[] {
  const missing: string[] = [];
  for (let dir = dirname(path); !existsSync(dir); dir = dirname(dir)) {
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  return missing;
}

export async function installAgents(
  project: Project,
  targets: AgentTarget[],
  scope: AgentScope,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InstallReport[]> {
  const manifest = readManifest(project.dir);
  const known = new Map<string, ManifestEntry>();
  for (const install of manifest.installs)
    for (const entry of install.entries) known.set(entryKey(entry), entry);
  const readOnlyTools = readOnlyToolNames(ktxTools(new ProjectServices(project.dir)));
  const reports: InstallReport[] = [];
  for (const target of targets) {
    const plan = planTarget(target, scope, {
      projectName: project.config.project.name ?? 'this project',
      projectDir: project.dir,
      env,
      readOnlyTools,
    });
    const previous = manifest.installs.find(
      (install) => install.target === target && install.scope === scope,
    );
    const createdDirs = [...(previous?.createdDirs ?? [])];
    const entries: ManifestEntry[] = [];
    const files: InstallReport['files'] = [];
    for (const change of plan.changes) {
      for (const dir of missingDirs(change.path)) if (!createdDirs.includes(dir)) createdDirs.push(dir);
      mkdirSync(dirname(change.path), { recursive: true });
      const applied = applyChange(change, known.get(entryKey(change)));
      known.set(entryKey(applied.entry), applied.entry);
      entries.push(applied.entry);
      files.push({ path: change.path, action: applied.action });
    }
    const now = new Date().toISOString();
    const install: AgentInstall = {
      target,
      scope,
      installedAt: previous?.installedAt ?? now,
      updatedAt: now,
      ktxVersion: packageVersion(),
      launcher: ktxLauncher(project.dir),
      entries,
      createdDirs,
    };
    manifest.installs = [...manifest.installs.filter((other) => other !== previous), install];
    // Written after every target, so an interruption never loses the record of what exists.
    writeManifest(manifest);
    reports.push({ target, label: TARGET_LABELS[target], scope, files, next: plan.next, notes: plan.notes });
  }
  return reports;
}

export interface RemoveReport {
  target: AgentTarget;
  scope: AgentScope;
  files: Array<{ path: string; action: UndoAction | 'shared' }>;
}

export function removeAgents(projectDir: string, targets?: AgentTarget[]): RemoveReport[] {
  const manifest = readManifest(projectDir);
  const removing = manifest.installs.filter((install) => !targets || targets.includes(install.target));
  const reports: RemoveReport[] = [];
  for (const install of removing) {
    manifest.installs = manifest.installs.filter((other) => other !== install);
    const stillUsed = new Set(manifest.installs.flatMap((other) => other.entries.map(entryKey)));
    const files = [...install.entries].reverse().map((entry) => ({
      path: entry.path,
      action: stillUsed.has(entryKey(entry)) ? ('shared' as const) : undoEntry(entry),
    }));
    const dirsInUse = new Set(manifest.installs.flatMap((other) => other.createdDirs));
    for (const dir of [...install.createdDirs].reverse()) {
      if (dirsInUse.has(dir)) continue;
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: a kept file, someone else's, or a file another install still uses. In the
        // last case that install inherits the directory, so removing it later cleans up too.
        const heir = manifest.installs.find((other) =>
          other.entries.some((entry) => entry.path.startsWith(`${dir}${sep}`)),
        );
        heir?.createdDirs.unshift(dir);
      }
    }
    writeManifest(manifest);
    reports.push({ target: install.target, scope: install.scope, files: files.reverse() });
  }
  return reports;
}

import { existsSync } from 'node:fs';
import type { AgentTarget } from '../project/config/schema.js';
import { entryPresent } from './changes.js';
import { type AgentScope, readManifest } from './manifest.js';
import { TARGET_LABELS } from './targets.js';

/**
 * The state of each recorded agent install, for `ktx agents list` and `ktx status`: does the
 * launcher the client config points at still exist (node and bin/ktx.js move on upgrades or
 * when a version manager switches node), and is everything ktx wrote still in place?
 */

export interface InstallHealth {
  target: AgentTarget;
  label: string;
  scope: AgentScope;
  installedAt: string;
  ktxVersion: string;
  command: string[];
  /** Launcher paths that no longer exist. */
  missingLauncher: string[];
  files: Array<{ path: string; present: boolean }>;
  ok: boolean;
}

export function inspectInstalls(projectDir: string): InstallHealth[] {
  return readManifest(projectDir).installs.map((install) => {
    const missingLauncher = [install.launcher.command, install.launcher.args[0] ?? ''].filter(
      (path) => !existsSync(path),
    );
    const files = install.entries.map((entry) => ({ path: entry.path, present: entryPresent(entry) }));
    return {
      target: install.target,
      label: TARGET_LABELS[install.target],
      scope: install.scope,
      installedAt: install.installedAt,
      ktxVersion: install.ktxVersion,
      command: [install.launcher.command, ...install.launcher.args],
      missingLauncher,
      files,
      ok: missingLauncher.length === 0 && files.every((file) => file.present),
    };
  });
}

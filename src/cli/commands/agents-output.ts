import { homedir } from 'node:os';
import { relative } from 'node:path';
import type { InstallHealth } from '../../agents/inspect.js';
import type { InstallReport, RemoveReport } from '../../agents/install.js';
import type { Style } from '../../core/terminal.js';

/** Human output of `ktx setup --agents` and `ktx agents list | remove`. */

export function displayPath(projectDir: string, path: string): string {
  const inProject = relative(projectDir, path);
  if (!inProject.startsWith('..')) return inProject;
  const home = homedir();
  return path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
}

export function renderInstalls(s: Style, projectDir: string, installs: InstallReport[]): string[] {
  const lines: string[] = [];
  for (const install of installs) {
    lines.push(`${s.green('✓')} ${install.label}${install.scope === 'global' ? ' (global)' : ''}`);
    for (const file of install.files)
      lines.push(`    ${s.dim(file.action.padEnd(9))} ${displayPath(projectDir, file.path)}`);
    for (const note of install.notes) lines.push(`    ${s.yellow('note:')} ${note}`);
    for (const step of install.next) lines.push(`    → ${step}`);
  }
  if (installs.length)
    lines.push('', s.dim('`ktx agents list` shows these installs; `ktx agents remove` undoes them.'));
  return lines;
}

export function renderList(s: Style, projectDir: string, installs: InstallHealth[]): string {
  if (installs.length === 0) {
    return 'No agent client is connected. Connect one with `ktx setup --agents --target claude-code|codex|cursor|opencode|universal`.';
  }
  const lines: string[] = [];
  for (const install of installs) {
    const state = install.ok ? s.green('ok') : s.yellow('needs attention');
    lines.push(
      `${install.label}${install.scope === 'global' ? ' (global)' : ''} · ${state} · installed ${install.installedAt.slice(0, 10)} by ktx ${install.ktxVersion}`,
    );
    for (const path of install.missingLauncher) lines.push(`    ${s.yellow('missing launcher')} ${path}`);
    for (const file of install.files) {
      lines.push(
        `    ${file.present ? s.dim('present') : s.yellow('missing')} ${displayPath(projectDir, file.path)}`,
      );
    }
  }
  return lines.join('\n');
}

export function renderRemoved(s: Style, projectDir: string, removed: RemoveReport[]): string {
  if (removed.length === 0) return 'Nothing to remove: no matching agent install is recorded.';
  const lines: string[] = [];
  for (const install of removed) {
    lines.push(`${s.green('✓')} removed ${install.target}${install.scope === 'global' ? ' (global)' : ''}`);
    for (const file of install.files) {
      const note =
        file.action === 'kept'
          ? s.yellow('kept (edited since ktx wrote it)')
          : file.action === 'shared'
            ? s.dim('kept (another install uses it)')
            : s.dim(file.action);
      lines.push(`    ${note} ${displayPath(projectDir, file.path)}`);
    }
  }
  return lines.join('\n');
}

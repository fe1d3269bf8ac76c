import { type LoadedConfig, loadConfig } from './config/load.js';
import type { KtxConfig } from './config/schema.js';
import { type ProjectPaths, projectPaths } from './layout.js';
import { type ResolveProjectOptions, requireProjectDir } from './resolve.js';

/** An opened project: where it is and its validated configuration. */
export interface Project {
  dir: string;
  paths: ProjectPaths;
  config: KtxConfig;
  loaded: LoadedConfig;
}

export async function openProjectAt(dir: string): Promise<Project> {
  const loaded = await loadConfig(dir);
  return { dir, paths: projectPaths(dir), config: loaded.config, loaded };
}

export function openProject(options: ResolveProjectOptions = {}): Promise<Project> {
  return openProjectAt(requireProjectDir(options).dir);
}

import { join } from 'node:path';

/** Where everything lives inside a ktx project. One place, so no module invents a path. */

export const CONFIG_FILE = 'ktx.yaml';

export function projectPaths(projectDir: string) {
  const state = join(projectDir, '.ktx');
  return {
    root: projectDir,
    config: join(projectDir, CONFIG_FILE),
    gitignore: join(projectDir, '.gitignore'),
    semanticLayer: join(projectDir, 'semantic-layer'),
    wiki: join(projectDir, 'wiki'),
    wikiGlobal: join(projectDir, 'wiki', 'global'),
    wikiUser: join(projectDir, 'wiki', 'user'),
    rawSources: join(projectDir, 'raw-sources'),
    state,
    secrets: join(state, 'secrets'),
    logs: join(state, 'logs'),
    cache: join(state, 'cache'),
    index: join(state, 'index.sqlite'),
    agents: join(state, 'agents'),
  };
}

export type ProjectPaths = ReturnType<typeof projectPaths>;

export function semanticLayerDir(projectDir: string, connectionId: string): string {
  return join(projectDir, 'semantic-layer', connectionId);
}

export function rawSourcesDir(projectDir: string, connectionId: string): string {
  return join(projectDir, 'raw-sources', connectionId);
}

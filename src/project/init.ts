import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../core/atomic-write.js';
import { KtxError } from '../core/errors.js';
import { classifyRepo, commit, initRepo } from './git.js';
import { projectPaths } from './layout.js';

export interface InitResult {
  projectDir: string;
  created: boolean;
  commit: string | null;
  message: string;
}

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/;

export function configTemplate(name: string): string {
  const safeName = PROJECT_NAME.test(name) ? name : 'ktx-project';
  return `# ktx project configuration. \`ktx config validate\` checks it; the README documents every block.
version: 1

project:
  name: ${stringify(safeName).trim()}

# Warehouses ktx reads from (always read-only). Add one with \`ktx connection add\`.
connections: {}

# Optional: an LLM improves descriptions and ingest. \`ktx setup --llm-backend <backend>\` fills this in.
llm:
  provider:
    backend: none
`;
}

const GITIGNORE = `# ktx local state: search index, caches, secrets, logs, daemon state. Never commit it.
.ktx/
`;

/**
 * Creates a ktx project in `targetDir`. Idempotent: an existing project is left untouched.
 * ktx.yaml is written before \`git init\`, so an interrupted init never leaves a bare .git
 * that a later run would mistake for someone else's repository.
 */
export function initProject(targetDir: string, options: { name?: string } = {}): InitResult {
  const projectDir = resolve(targetDir);
  const paths = projectPaths(projectDir);
  if (existsSync(paths.config)) {
    return {
      projectDir,
      created: false,
      commit: null,
      message: `${projectDir} is already a ktx project; nothing to do.`,
    };
  }
  if (existsSync(projectDir) && classifyRepo(projectDir) === 'foreign') {
    throw new KtxError(
      'git_foreign_repo',
      `${projectDir} is the root of a git repository that ktx did not create.`,
      {
        hint: `ktx keeps context in a repository it owns. Use a dedicated subfolder instead, e.g. \`ktx init ${join(targetDir, 'ktx')}\`.`,
      },
    );
  }
  mkdirSync(projectDir, { recursive: true });
  for (const dir of [paths.semanticLayer, paths.wikiGlobal, paths.rawSources, paths.state]) {
    mkdirSync(dir, { recursive: true });
  }
  for (const dir of [paths.semanticLayer, paths.wikiGlobal, paths.rawSources]) {
    const keep = join(dir, '.gitkeep');
    if (!existsSync(keep)) writeFileSync(keep, '');
  }
  if (!existsSync(paths.gitignore)) writeFileAtomic(paths.gitignore, GITIGNORE);
  writeFileAtomic(paths.config, configTemplate(options.name ?? basename(projectDir)));
  if (classifyRepo(projectDir) === 'none') initRepo(projectDir);
  const sha = commit(projectDir, 'Initialize ktx project');
  return { projectDir, created: true, commit: sha, message: `Created ktx project in ${projectDir}.` };
}

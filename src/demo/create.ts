import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setConnectionNode } from '../connectors/manage.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { KtxError } from '../core/errors.js';
import { commitIfOwned } from '../project/commit.js';
import { editConfig } from '../project/config/edit.js';
import { loadConfig } from '../project/config/load.js';
import { initProject } from '../project/init.js';
import { CONTEXT_STEPS } from './context-steps.js';
import type { DemoExamples } from './examples.js';
import { DEMO_GENERATOR_VERSION, generateDemoWarehouse } from './generate.js';
import {
  DEMO_CONNECTION,
  DEMO_DATA_FILE,
  type DemoContext,
  type DemoHint,
  type DemoStep,
  type DemoStepResult,
} from './step.js';

export { DEMO_CONNECTION, DEMO_DATA_FILE, type DemoContext, type DemoStep, type DemoStepResult };

/**
 * `ktx demo [dir]`: a ready project on the bundled Orbital warehouse, built offline. The work
 * is a list of steps so later features append theirs (build the semantic layer, ship the wiki,
 * connect agents) without touching the ones before. Every step is idempotent: re-running the
 * command on a demo project only redoes what is missing (e.g. the data file after a fresh
 * clone, since data/ is git-ignored).
 */

const GITIGNORE_ENTRY = '# The generated demo warehouse (ktx demo recreates it).\ndata/\n';

export const projectStep: DemoStep = {
  id: 'project',
  title: 'Create the project',
  async run(ctx) {
    const result = initProject(ctx.projectDir, { name: 'orbital-demo' });
    return {
      status: result.created ? 'done' : 'skipped',
      message: result.created ? 'project created' : 'project already exists',
    };
  },
};

export const warehouseStep: DemoStep = {
  id: 'warehouse',
  title: 'Generate the Orbital warehouse',
  async run(ctx) {
    const gitignore = join(ctx.projectDir, '.gitignore');
    const current = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
    if (!/^data\/$/m.test(current)) {
      writeFileAtomic(
        gitignore,
        `${current}${current.endsWith('\n') || !current ? '' : '\n'}${GITIGNORE_ENTRY}`,
      );
      ctx.commitPaths.add('.gitignore');
    }
    const file = join(ctx.projectDir, DEMO_DATA_FILE);
    if (existsSync(file)) return { status: 'skipped', message: `${DEMO_DATA_FILE} already exists` };
    ctx.progress('Generating the Orbital demo warehouse (14 tables, ~480k rows)…');
    const generated = await generateDemoWarehouse(file);
    const rows = Object.values(generated.rowCounts).reduce((sum, count) => sum + count, 0);
    return {
      status: 'done',
      message: `${DEMO_DATA_FILE}: ${rows.toLocaleString('en-US')} rows in ${(generated.durationMs / 1000).toFixed(1)} s`,
    };
  },
};

export const connectionStep: DemoStep = {
  id: 'connection',
  title: 'Connect ktx to the warehouse',
  async run(ctx) {
    const loaded = await loadConfig(ctx.projectDir);
    const existing = loaded.config.connections[DEMO_CONNECTION];
    if (existing && existing.driver === 'sqlite' && existing.path === DEMO_DATA_FILE) {
      return { status: 'skipped', message: `connection "${DEMO_CONNECTION}" already configured` };
    }
    if (existing) {
      throw new KtxError(
        'connection_exists',
        `This project already has a "${DEMO_CONNECTION}" connection that is not the demo warehouse.`,
        {
          hint: 'Run `ktx demo` in a new directory, e.g. `ktx demo orbital-demo`.',
        },
      );
    }
    await editConfig(ctx.projectDir, (doc) => {
      setConnectionNode(doc, DEMO_CONNECTION, {
        driver: 'sqlite',
        path: DEMO_DATA_FILE,
        description: `Orbital, a fictional B2B SaaS company: accounts, subscriptions, invoices, payments, product events, support (demo generator v${DEMO_GENERATOR_VERSION}).`,
      });
      if (!doc.hasIn(['project', 'default_connection']))
        doc.setIn(['project', 'default_connection'], DEMO_CONNECTION);
      if (!doc.hasIn(['project', 'description']))
        doc.setIn(['project', 'description'], 'ktx demo on the Orbital warehouse');
    });
    ctx.commitPaths.add('ktx.yaml');
    return { status: 'done', message: `connection "${DEMO_CONNECTION}" → ${DEMO_DATA_FILE}` };
  },
};

export const verifyStep: DemoStep = {
  id: 'verify',
  title: 'Check the connection',
  upkeep: true,
  async run(ctx) {
    const { testConnection } = await import('../connectors/test-connections.js');
    const loaded = await loadConfig(ctx.projectDir);
    const report = await testConnection({ dir: ctx.projectDir, config: loaded.config }, DEMO_CONNECTION);
    if (!report.ok)
      throw new KtxError(report.error!.code, report.error!.message, { hint: report.error!.hint });
    return { status: 'done', message: `${report.serverVersion}, ${report.latencyMs} ms` };
  },
};

const SETUP_MESSAGE = 'Set up the ktx demo on the Orbital warehouse';

/** Commits what the steps so far asked for (ktx.yaml, .gitignore…); null when nothing changed. */
export function commitPending(ctx: DemoContext, message = SETUP_MESSAGE): string | null {
  // Always offer the demo's files to git: an earlier, interrupted run may have left changes.
  const paths = [...new Set(['ktx.yaml', '.gitignore', ...ctx.commitPaths])].filter((path) =>
    existsSync(join(ctx.projectDir, path)),
  );
  const commit = commitIfOwned(ctx.projectDir, message, paths, ctx);
  ctx.commitPaths.clear();
  if (commit) ctx.commits.push(commit);
  return commit;
}

/** Commits the project setup, so each following step makes (and names) its own commit. */
export const setupCommitStep: DemoStep = {
  id: 'commit-setup',
  title: 'Commit the project setup',
  upkeep: true,
  async run(ctx) {
    const commit = commitPending(ctx);
    return commit
      ? { status: 'done', message: `committed ${commit.slice(0, 8)}` }
      : { status: 'skipped', message: 'nothing new to commit' };
  },
};

/**
 * The steps, in order. Each is idempotent and commits its own work, so new steps (example
 * queries, agent hints…) are appended at the end without touching the ones before, and add
 * their suggestions to `ctx.tryNext`.
 */
export const DEMO_STEPS: DemoStep[] = [
  projectStep,
  warehouseStep,
  connectionStep,
  verifyStep,
  setupCommitStep,
  ...CONTEXT_STEPS,
];

export interface DemoResult {
  projectDir: string;
  /** False when every step found its work already done. */
  created: boolean;
  steps: Array<{ id: string; title: string } & DemoStepResult>;
  /** The last commit this run made (null when it changed nothing). */
  commit: string | null;
  commits: string[];
  tryNext: DemoHint[];
  /** Example semantic queries answered at the end (after every step, whatever the steps built). */
  examples: DemoExamples;
}

export const DEMO_QUESTION_SQL =
  "select a.segment, count(*) as subscriptions, round(sum(s.mrr), 2) as mrr_usd from subscriptions s join accounts a on a.account_id = s.account_id where s.status = 'active' and not a.is_test and a.deleted_at is null group by a.segment order by mrr_usd desc";

/**
 * Where `ktx demo` without a directory works: `--project-dir`, else the demo project the
 * current directory is in (so re-running it there repairs it), else `./ktx-demo`.
 */
export async function demoTarget(projectDirFlag: string | undefined): Promise<string> {
  if (projectDirFlag) return projectDirFlag;
  const { resolveProjectDir } = await import('../project/resolve.js');
  const resolved = resolveProjectDir({});
  if (resolved.hasConfig) {
    try {
      const loaded = await loadConfig(resolved.dir);
      const existing = loaded.config.connections[DEMO_CONNECTION];
      if (existing?.driver === 'sqlite' && existing.path === DEMO_DATA_FILE) return resolved.dir;
    } catch {
      // not a usable project: create a fresh demo next to it
    }
  }
  return 'ktx-demo';
}

export async function createDemo(
  targetDir: string,
  hooks: Pick<DemoContext, 'progress' | 'warn'>,
  steps: DemoStep[] = DEMO_STEPS,
): Promise<DemoResult> {
  const projectDir = resolve(targetDir);
  const ctx: DemoContext = { projectDir, commitPaths: new Set(), commits: [], tryNext: [], ...hooks };
  const results: DemoResult['steps'] = [];
  let created = false;
  for (const step of steps) {
    const result = await step.run(ctx);
    created ||= result.status === 'done' && !step.upkeep;
    results.push({ id: step.id, title: step.title, ...result });
  }
  // Whatever a step left for the setup commit (steps without a commit of their own).
  commitPending(ctx);
  const { askDemoExamples } = await import('./examples.js');
  const examples = await askDemoExamples(projectDir, DEMO_CONNECTION, hooks.progress);
  const cd = relative(process.cwd(), projectDir) || '.';
  return {
    projectDir,
    created,
    steps: results,
    commit: ctx.commits.at(-1) ?? null,
    commits: ctx.commits,
    examples,
    tryNext: [
      ...(cd === '.' ? [] : [{ command: `cd ${cd}`, description: 'enter the demo project' }]),
      {
        command: `ktx sql "${DEMO_QUESTION_SQL}"`,
        description: 'MRR by segment, excluding test and deleted accounts',
      },
      ...ctx.tryNext,
      { command: 'ktx status', description: 'what is ready and the next step' },
      // Last on purpose: the demo ends by handing the project to an agent.
      {
        command: 'ktx setup --agents --target claude-code',
        description: 'connect an agent to this project (or codex, cursor, opencode, universal)',
      },
    ],
  };
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { writeFileAtomic } from '../core/atomic-write.js';
import { KtxError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { plural } from '../core/text.js';
import { commitIfOwned } from '../project/commit.js';
import { projectPaths, rawSourcesDir, semanticLayerDir } from '../project/layout.js';
import { openProjectAt } from '../project/project.js';
import { DEMO_CONNECTION, type DemoStep } from './step.js';

/**
 * The demo's context, built the way a user builds their own: `ktx ingest` generates the
 * semantic layer from a scan; the curated layer shipped in `assets/demo/semantic-layer/` is then
 * applied as a person's edit on top of it (its own commit), so later scans merge warehouse
 * changes into it and keep the curated content, a living example of the ownership model
 * (docs/scan.md); the wiki pages are added; the search index is refreshed. Each step is
 * idempotent and never overwrites a file someone changed.
 */

const assets = (...parts: string[]) => join(packageRoot(), 'assets', 'demo', ...parts);

export const ingestStep: DemoStep = {
  id: 'ingest',
  title: 'Scan the warehouse and generate its semantic layer',
  async run(ctx) {
    ctx.tryNext.push({ command: 'ktx sl list', description: 'the semantic sources, measures and joins' });
    const { snapshotPaths } = await import('../scan/snapshot.js');
    if (existsSync(snapshotPaths(ctx.projectDir, DEMO_CONNECTION).overview)) {
      return {
        status: 'skipped',
        message: `already scanned (\`ktx ingest ${DEMO_CONNECTION}\` refreshes it)`,
      };
    }
    ctx.progress('Scanning the warehouse: profiles, keys and relationships…');
    const { runIngest } = await import('../scan/ingest.js');
    const project = await openProjectAt(ctx.projectDir);
    // No LLM here: the demo is offline and deterministic whatever the environment holds.
    const result = await runIngest(project, DEMO_CONNECTION, {
      runtime: null,
      progress: { phase: (label) => ctx.progress(label), update() {} },
      warn: ctx.warn,
    });
    if (result.commit) ctx.commits.push(result.commit);
    const { accepted, inferred } = result.scan.relationships;
    return {
      status: 'done',
      message: `${plural(result.scan.tables, 'table')}, ${accepted} joins (${inferred} inferred from the data) → semantic-layer/${DEMO_CONNECTION}/`,
    };
  },
};

function parsed(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const CURATE_MESSAGE = `Curate the demo semantic layer

A person's edit on top of the generated files: business measures (MRR, ARR, revenue),
segments, descriptions and role-named joins. Later scans merge warehouse changes into these
files and keep this content (docs/scan.md, "Re-scans and your edits").`;

export const curateStep: DemoStep = {
  id: 'curate',
  title: 'Apply the curated semantic layer (as a person’s edit)',
  async run(ctx) {
    const layer = semanticLayerDir(ctx.projectDir, DEMO_CONNECTION);
    const generated = join(rawSourcesDir(ctx.projectDir, DEMO_CONNECTION), 'generated');
    const { deepEqual } = await import('../scan/semantic/merge.js');
    const curated: string[] = [];
    for (const file of readdirSync(assets('semantic-layer'))
      .filter((name) => name.endsWith('.yaml'))
      .sort()) {
      const target = join(layer, file);
      const base = parsed(join(generated, file));
      // Only files exactly as ktx generated them: curated already, edited or deleted files stay.
      if (base === undefined || !deepEqual(parsed(target) as never, base as never)) continue;
      writeFileAtomic(target, readFileSync(assets('semantic-layer', file), 'utf8'));
      curated.push(`semantic-layer/${DEMO_CONNECTION}/${file}`);
    }
    if (curated.length === 0) return { status: 'skipped', message: 'already curated' };
    const commit = commitIfOwned(ctx.projectDir, CURATE_MESSAGE, curated, ctx);
    if (commit) ctx.commits.push(commit);
    return {
      status: 'done',
      message: `${plural(curated.length, 'source')} curated: measures, segments, descriptions`,
    };
  },
};

export const wikiStep: DemoStep = {
  id: 'wiki',
  title: 'Add the business wiki',
  async run(ctx) {
    ctx.tryNext.push({
      command: 'ktx search "net revenue after refunds"',
      description: 'pages, measures and columns, ranked',
    });
    const dir = projectPaths(ctx.projectDir).wikiGlobal;
    const pages = readdirSync(assets('wiki'))
      .filter((name) => name.endsWith('.md'))
      .sort();
    const missing = pages.filter((page) => !existsSync(join(dir, page)));
    if (missing.length === 0)
      return { status: 'skipped', message: `${plural(pages.length, 'page')} already in wiki/global/` };
    for (const page of missing) writeFileAtomic(join(dir, page), readFileSync(assets('wiki', page), 'utf8'));
    const { validateWiki } = await import('../wiki/validate.js');
    const validation = validateWiki(ctx.projectDir);
    if (validation.errors.length > 0) {
      const { formatWikiIssue } = await import('../wiki/validate.js');
      throw new KtxError(
        'demo_wiki_invalid',
        `The demo wiki does not validate in this project: ${formatWikiIssue(validation.errors[0]!)}`,
        {
          hint: 'Run `ktx wiki validate` to see every problem; the bundled pages may not match an edited semantic layer.',
        },
      );
    }
    const files = missing.map((page) => `wiki/global/${page}`);
    const commit = commitIfOwned(
      ctx.projectDir,
      `Add the demo wiki (${plural(missing.length, 'page')})`,
      files,
      ctx,
    );
    if (commit) ctx.commits.push(commit);
    return { status: 'done', message: `${plural(missing.length, 'page')} → wiki/global/` };
  },
};

export const indexStep: DemoStep = {
  id: 'index',
  title: 'Refresh the search index',
  upkeep: true,
  async run(ctx) {
    const { SearchIndex } = await import('../search/search-index.js');
    // Lexical and value lanes only: embeddings (when configured) are computed by the next
    // search or `ktx admin reindex`, so the demo never needs the network.
    const index = await SearchIndex.open({ projectDir: ctx.projectDir });
    try {
      const report = await index.refresh();
      const changed = report.added.length + report.updated.length + report.removed.length;
      return changed > 0
        ? {
            status: 'done',
            message: `${plural(report.documents, 'document')} from ${plural(report.files, 'file')}`,
          }
        : { status: 'skipped', message: 'already up to date' };
    } finally {
      index.close();
    }
  },
};

/** Appended to DEMO_STEPS after the project setup. */
export const CONTEXT_STEPS: DemoStep[] = [ingestStep, curateStep, wikiStep, indexStep];

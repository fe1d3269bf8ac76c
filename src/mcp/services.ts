import { type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { KtxError } from '../core/errors.js';
import { openProjectAt, type Project } from '../project/project.js';
import { readScanSnapshot, snapshotPaths } from '../scan/snapshot.js';
import type { ScanSnapshot } from '../scan/types.js';
import { openProjectIndex, resolveUserId } from '../search/project-index.js';
import type { SearchIndex } from '../search/search-index.js';
import { semanticConnectionIds, sourceFiles } from '../semantic/files.js';
import type { SemanticModel } from '../semantic/model/types.js';
import {
  openSemanticModel,
  resolveSemanticConnection,
  type SemanticConnection,
} from '../semantic/service.js';

/**
 * Everything the ktx tools read, opened once per process and kept current cheaply: the project
 * configuration (re-read when ktx.yaml changes), each connection's semantic model (re-bound
 * when one of its files changes), the search index (kept open, checked for changed files at
 * most every `searchFreshnessMs`) and scan snapshots. A long-lived MCP server answers most calls
 * from memory after a few `stat`s; a one-shot caller pays only for what it touches.
 */

export interface ProjectServicesOptions {
  /** Whose wiki pages tools see; default `agents.user_id` from ktx.yaml, then `local`. */
  userId?: string;
  /** Minimum time between two search-index freshness checks (default 1 s). */
  searchFreshnessMs?: number;
}

/** Identity of a file version: a rewrite (atomic rename) changes the inode, an edit the mtime or size. */
function signature(stats: Stats | undefined): string {
  return stats ? `${stats.ino}:${stats.size}:${stats.mtimeMs}` : '-';
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export interface SemanticHandle {
  connection: SemanticConnection;
  model: SemanticModel;
  brokenFiles: string[];
}

export class ProjectServices {
  private projectCache: { signature: string; project: Promise<Project> } | undefined;
  private readonly models = new Map<string, { signature: string; handle: Promise<SemanticHandle> }>();
  private readonly snapshots = new Map<string, { signature: string; snapshot: ScanSnapshot | undefined }>();
  private index: { project: Project; index: Promise<SearchIndex> } | undefined;
  private closed = false;

  constructor(
    readonly projectDir: string,
    private readonly options: ProjectServicesOptions = {},
  ) {}

  /** The project, re-validated only when ktx.yaml changed since the last call. */
  project(): Promise<Project> {
    const current = signature(statOrUndefined(join(this.projectDir, 'ktx.yaml')));
    if (this.projectCache?.signature !== current) {
      const project = openProjectAt(this.projectDir);
      // A failed load must not be cached: the next call retries (the user may be fixing ktx.yaml).
      project.catch(() => {
        if (this.projectCache?.project === project) this.projectCache = undefined;
      });
      this.projectCache = { signature: current, project };
    }
    return this.projectCache.project;
  }

  async userId(): Promise<string> {
    return resolveUserId(await this.project(), this.options.userId);
  }

  /**
   * The connection a tool works on: the one asked for, else the project default, else the only
   * one. Errors name the `connection_id` argument (agents have no CLI flags).
   */
  async connection(requested: string | undefined): Promise<SemanticConnection> {
    try {
      return resolveSemanticConnection(await this.project(), requested);
    } catch (error) {
      if (KtxError.is(error) && error.code === 'usage') {
        const known = (error.details?.known as string[] | undefined) ?? [];
        throw new KtxError('connection_required', error.message, {
          hint: `Pass connection_id (one of: ${known.join(', ')}); \`connection_list\` describes them.`,
        });
      }
      throw error;
    }
  }

  /** The semantic model of a connection, rebuilt only when one of its YAML files changed. */
  async semantic(requested: string | undefined): Promise<SemanticHandle> {
    const connection = await this.connection(requested);
    const dir = join(this.projectDir, 'semantic-layer', connection.connectionId);
    const files = sourceFiles(dir);
    const current = `${connection.dialect}|${files.map((file) => `${file}=${signature(statOrUndefined(file))}`).join('|')}`;
    const key = connection.connectionId;
    const cached = this.models.get(key);
    if (cached?.signature === current) return cached.handle;
    const handle = (async () => {
      const opened = await openSemanticModel(connection);
      return { connection, model: opened.model, brokenFiles: opened.brokenFiles };
    })();
    handle.catch(() => {
      if (this.models.get(key)?.handle === handle) this.models.delete(key);
    });
    this.models.set(key, { signature: current, handle });
    return handle;
  }

  /** The search index, opened once; reopened when ktx.yaml changes (embeddings settings). */
  async searchIndex(): Promise<SearchIndex> {
    if (this.closed) throw new KtxError('mcp_closed', 'The ktx server is shutting down.');
    const project = await this.project();
    if (this.index?.project !== project) {
      const previous = this.index;
      const index = openProjectIndex(project, {
        freshnessIntervalMs: this.options.searchFreshnessMs ?? 1000,
      });
      index.catch(() => {
        if (this.index?.index === index) this.index = undefined;
      });
      this.index = { project, index };
      if (previous) void previous.index.then((old) => old.close()).catch(() => {});
    }
    return this.index.index;
  }

  /** The latest scan of a connection (undefined when never scanned), re-read when it changes. */
  async scanSnapshot(connectionId: string): Promise<ScanSnapshot | undefined> {
    const paths = snapshotPaths(this.projectDir, connectionId);
    const current = [paths.overview, paths.tables, paths.relationships]
      .map((path) => signature(statOrUndefined(path)))
      .join('|');
    const cached = this.snapshots.get(connectionId);
    if (cached?.signature === current) return cached.snapshot;
    const snapshot = readScanSnapshot(this.projectDir, connectionId);
    this.snapshots.set(connectionId, { signature: current, snapshot });
    return snapshot;
  }

  /** Connection ids that have a scan snapshot or a semantic layer, plus configured ones. */
  async knownConnections(): Promise<string[]> {
    const project = await this.project();
    return [
      ...new Set([...Object.keys(project.config.connections), ...semanticConnectionIds(this.projectDir)]),
    ].sort();
  }

  async close(): Promise<void> {
    this.closed = true;
    const index = this.index;
    this.index = undefined;
    if (index) await index.index.then((opened) => opened.close()).catch(() => {});
  }
}

import { nearest } from '../core/text.js';
import type { SemanticSource } from '../semantic/schema.js';

/**
 * `sl_refs` point from a page to the semantic layer with one syntax:
 * `<connection>/<source>` or `<connection>/<source>.<measure|column|segment>`.
 * The catalog resolves them and, when they do not resolve, says what the nearest real names are.
 */

export type SlEntityKind = 'source' | 'measure' | 'column' | 'segment';

const REF = /^([A-Za-z0-9][A-Za-z0-9_-]*)\/([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?$/;

export interface SlRefParts {
  connection: string;
  source: string;
  entity?: string;
}

export function parseSlRef(ref: string): SlRefParts | undefined {
  const match = REF.exec(ref.trim());
  if (!match) return undefined;
  return { connection: match[1]!, source: match[2]!, entity: match[3] };
}

export type SlRefResolution =
  | { ok: true; kind: SlEntityKind; connection: string; source: string; entity?: string }
  | { ok: false; code: 'sl_ref_malformed' | 'sl_ref_unknown'; message: string; suggestions: string[] };

interface SourceEntry {
  source: SemanticSource;
  entities: Map<string, SlEntityKind>;
}

export class SemanticCatalog {
  private readonly byConnection = new Map<string, Map<string, SourceEntry>>();

  constructor(sources: SemanticSource[]) {
    for (const source of sources) {
      const entities = new Map<string, SlEntityKind>();
      for (const column of source.columns) entities.set(column.name, 'column');
      for (const segment of source.segments ?? []) entities.set(segment.name, 'segment');
      // Measures win a name clash: they are what pages usually mean.
      for (const measure of source.measures ?? []) entities.set(measure.name, 'measure');
      const connection = this.byConnection.get(source.connectionId) ?? new Map<string, SourceEntry>();
      connection.set(source.name, { source, entities });
      this.byConnection.set(source.connectionId, connection);
    }
  }

  get connections(): string[] {
    return [...this.byConnection.keys()].sort();
  }

  /** Every valid reference (`conn/source` and `conn/source.entity`). */
  allRefs(): string[] {
    const refs: string[] = [];
    for (const [connection, sources] of this.byConnection) {
      for (const [name, entry] of sources) {
        refs.push(`${connection}/${name}`);
        for (const entity of entry.entities.keys()) refs.push(`${connection}/${name}.${entity}`);
      }
    }
    return refs;
  }

  resolve(ref: string): SlRefResolution {
    const parts = parseSlRef(ref);
    if (!parts) return this.malformed(ref);
    const sources = this.byConnection.get(parts.connection);
    if (!sources) {
      const close = nearest(parts.connection, this.connections);
      const rewritten = close.map((c) => `${c}/${parts.source}${parts.entity ? `.${parts.entity}` : ''}`);
      return {
        ok: false,
        code: 'sl_ref_unknown',
        message: `no semantic layer for connection "${parts.connection}"${
          this.connections.length
            ? ` (connections: ${this.connections.join(', ')})`
            : ' (the semantic layer is empty)'
        }`,
        suggestions: rewritten.filter((candidate) => this.resolve(candidate).ok),
      };
    }
    const entry = sources.get(parts.source);
    if (!entry) {
      const close = nearest(parts.source, sources.keys());
      return {
        ok: false,
        code: 'sl_ref_unknown',
        message: `connection "${parts.connection}" has no semantic source "${parts.source}"`,
        suggestions: close.map(
          (name) => `${parts.connection}/${name}${parts.entity ? `.${parts.entity}` : ''}`,
        ),
      };
    }
    if (parts.entity === undefined) {
      return { ok: true, kind: 'source', connection: parts.connection, source: parts.source };
    }
    const kind = entry.entities.get(parts.entity);
    if (kind) {
      return { ok: true, kind, connection: parts.connection, source: parts.source, entity: parts.entity };
    }
    const local = nearest(parts.entity, entry.entities.keys()).map(
      (name) => `${parts.connection}/${parts.source}.${name}`,
    );
    // The entity may exist on another source of the same connection (a moved measure).
    const elsewhere: string[] = [];
    for (const [name, other] of sources) {
      if (other.entities.has(parts.entity)) elsewhere.push(`${parts.connection}/${name}.${parts.entity}`);
    }
    return {
      ok: false,
      code: 'sl_ref_unknown',
      message: `source "${parts.connection}/${parts.source}" has no measure, column or segment "${parts.entity}"`,
      suggestions: [...new Set([...elsewhere, ...local])].slice(0, 4),
    };
  }

  private malformed(ref: string): SlRefResolution {
    // Common slips: a missing connection (`subscriptions.arr`) or dots instead of a slash.
    const bare = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?$/.exec(ref.trim());
    const dotted = /^([A-Za-z0-9][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(
      ref.trim(),
    );
    const candidates: string[] = [];
    if (bare) {
      for (const connection of this.connections) {
        candidates.push(`${connection}/${bare[1]}${bare[2] ? `.${bare[2]}` : ''}`);
      }
    }
    if (dotted) candidates.push(`${dotted[1]}/${dotted[2]}.${dotted[3]}`);
    return {
      ok: false,
      code: 'sl_ref_malformed',
      message: `"${ref}" is not a semantic-layer reference (expected <connection>/<source>[.<measure|column|segment>])`,
      suggestions: candidates.filter((candidate) => this.resolve(candidate).ok),
    };
  }
}

import type { Dialect } from '../../connectors/types.js';
import type { KtxError } from '../../core/errors.js';
import type { Expr } from '../expr/ast.js';
import type { Relationship, SemanticSource, SemanticType } from '../schema.js';

/**
 * The compiled semantic model: plain data built once from validated sources. Every expression
 * is already parsed and bound: column references are `ref` nodes whose table is a node name, or
 * SELF_NODE inside a source's own definitions (instantiated per node at query time, which is
 * what lets one source play several roles through join aliases).
 */

/** Placeholder table of a source's own columns inside its definitions. */
export const SELF_NODE = '\u0000self';

export interface ModelColumn {
  name: string;
  type: SemanticType;
  hidden: boolean;
  description?: string;
  /** Bound expression: a physical `ref` for plain columns, the inlined (parenthesised) SQL for computed ones. */
  expr: Expr;
  computed: boolean;
  /** A computed column whose SQL does not bind. */
  error?: KtxError;
}

export interface ModelMeasure {
  name: string;
  source: string;
  description?: string;
  format?: string;
  /** The bound formula: aggregates over refs, `measure` placeholders for other measures. */
  formula?: Expr;
  /** Bound row predicate applied inside this measure's own aggregates. */
  filter?: Expr;
  /** True when the formula only combines other measures. */
  derived: boolean;
  /** Why the measure cannot be used (reported by validate; raised when a query asks for it). */
  error?: KtxError;
}

export interface ModelSegment {
  name: string;
  source: string;
  description?: string;
  expr?: Expr;
  error?: KtxError;
}

export interface ModelSource {
  name: string;
  spec: SemanticSource;
  /** What goes after FROM/JOIN: a table reference as written, or a derived table. */
  relation: { kind: 'table'; sql: string } | { kind: 'derived'; sql: string; hasWith: boolean };
  columns: Map<string, ModelColumn>;
  measures: Map<string, ModelMeasure>;
  segments: Map<string, ModelSegment>;
  grain: string[];
  defaultTimeDimension?: string;
  /** Set when the source itself is unusable (e.g. its `sql` is not a read-only SELECT). */
  error?: KtxError;
}

/** A place in the join graph: a source, or a role-playing alias of one. */
export interface ModelNode {
  name: string;
  source: string;
  /** For alias nodes: the source whose join declares the alias. */
  declaredBy?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Seen from `from`: many_to_one means each `from` row matches at most one `to` row. */
  relationship: Relationship;
  /** Bound join condition referencing exactly the two node names. */
  on: Expr;
  /** The source and join index that declared it (for messages and suggestions). */
  declaredIn: { source: string; index: number };
  reversed: boolean;
  /** The `from` node's own source declares this join (alias nodes follow exactly these). */
  ownJoin: boolean;
}

export interface ModelIssue {
  severity: 'error' | 'warning';
  code: string;
  source: string;
  file: string;
  /** Dotted path inside the source file (`measures[2].expr`). */
  path: string;
  message: string;
  fix?: string;
}

export interface SemanticModel {
  connectionId: string;
  dialect: Dialect;
  sources: Map<string, ModelSource>;
  nodes: Map<string, ModelNode>;
  /** Outgoing edges per node. */
  edges: Map<string, GraphEdge[]>;
  issues: ModelIssue[];
  /** Names of sources that exist as files but failed to load, for better "unknown source" errors. */
  brokenSources: Set<string>;
}

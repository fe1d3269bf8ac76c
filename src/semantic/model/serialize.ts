import { KtxError } from '../../core/errors.js';
import type {
  GraphEdge,
  ModelColumn,
  ModelMeasure,
  ModelNode,
  ModelSegment,
  ModelSource,
  SemanticModel,
} from './types.js';

/**
 * The model as JSON and back. Everything in it is plain data except Maps and errors, so an
 * unchanged semantic layer can be reloaded without parsing a single expression.
 */

interface ErrorJson {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

type Revived<T> = Omit<T, 'error'> & { error?: ErrorJson };

interface SourceJson extends Omit<ModelSource, 'columns' | 'measures' | 'segments' | 'error'> {
  error?: ErrorJson;
  columns: Array<Revived<ModelColumn>>;
  measures: Array<Revived<ModelMeasure>>;
  segments: Array<Revived<ModelSegment>>;
}

export interface ModelJson {
  connectionId: string;
  dialect: SemanticModel['dialect'];
  sources: SourceJson[];
  nodes: ModelNode[];
  edges: GraphEdge[];
  issues: SemanticModel['issues'];
  brokenSources: string[];
}

function errorToJson(error: KtxError | undefined): ErrorJson | undefined {
  if (!error) return undefined;
  return {
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.details ? { details: error.details } : {}),
  };
}

function errorFromJson(error: ErrorJson | undefined): KtxError | undefined {
  if (!error) return undefined;
  return new KtxError(error.code, error.message, {
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.details ? { details: error.details } : {}),
  });
}

function withError<T extends { error?: KtxError }>(item: T): Revived<T> {
  const { error, ...rest } = item;
  const json = errorToJson(error);
  return { ...rest, ...(json ? { error: json } : {}) };
}

function revive<T extends { error?: KtxError }>(item: Revived<T>): T {
  const { error, ...rest } = item;
  const revived = errorFromJson(error);
  return { ...rest, ...(revived ? { error: revived } : {}) } as T;
}

export function modelToJson(model: SemanticModel): ModelJson {
  return {
    connectionId: model.connectionId,
    dialect: model.dialect,
    sources: [...model.sources.values()].map((source) => ({
      ...withError(source),
      columns: [...source.columns.values()].map(withError),
      measures: [...source.measures.values()].map(withError),
      segments: [...source.segments.values()].map(withError),
    })),
    nodes: [...model.nodes.values()],
    edges: [...model.edges.values()].flat(),
    issues: model.issues,
    brokenSources: [...model.brokenSources],
  };
}

export function modelFromJson(json: ModelJson): SemanticModel {
  const edges = new Map<string, GraphEdge[]>();
  for (const edge of json.edges) edges.set(edge.from, [...(edges.get(edge.from) ?? []), edge]);
  return {
    connectionId: json.connectionId,
    dialect: json.dialect,
    sources: new Map(
      json.sources.map((source) => [
        source.name,
        {
          ...revive<ModelSource>(source as unknown as Revived<ModelSource>),
          columns: new Map(source.columns.map((c) => [c.name, revive<ModelColumn>(c)])),
          measures: new Map(source.measures.map((m) => [m.name, revive<ModelMeasure>(m)])),
          segments: new Map(source.segments.map((s) => [s.name, revive<ModelSegment>(s)])),
        },
      ]),
    ),
    nodes: new Map(json.nodes.map((node) => [node.name, node])),
    edges,
    issues: json.issues,
    brokenSources: new Set(json.brokenSources),
  };
}

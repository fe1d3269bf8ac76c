import type { Dialect } from '../../../src/connectors/types.js';
import { parseSourceText } from '../../../src/semantic/load.js';
import { buildModel } from '../../../src/semantic/model/build.js';
import type { SemanticModel } from '../../../src/semantic/model/types.js';
import type { SemanticSource } from '../../../src/semantic/schema.js';

/** Builds a model from YAML texts keyed by source name (as if they were files of one connection). */
export function sourcesFromYaml(files: Record<string, string>, connectionId = 'wh'): SemanticSource[] {
  return Object.entries(files).map(([name, text]) => {
    const { source, issues } = parseSourceText(
      text,
      `semantic-layer/${connectionId}/${name}.yaml`,
      connectionId,
    );
    if (!source) throw new Error(`fixture ${name} is invalid: ${JSON.stringify(issues)}`);
    return source;
  });
}

export function modelFromYaml(
  files: Record<string, string>,
  dialect: Dialect,
  connectionId = 'wh',
): SemanticModel {
  return buildModel(sourcesFromYaml(files, connectionId), { connectionId, dialect });
}

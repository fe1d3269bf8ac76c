import { EXIT, type ExitCode, usageError } from '../../core/errors.js';
import type { Style } from '../../core/terminal.js';
import type { Project } from '../../project/project.js';
import { DIALECT_NAMES, resolveDialectName } from '../dialects/index.js';
import { compileForConnection, openSemanticModel, resolveSemanticConnection } from '../service.js';
import { describeSource, listSources } from './inspect.js';
import { type QueryFlags, queryFromFlags } from './query-input.js';
import { renderCompiled, renderSource, renderSourceList, renderValidation } from './render.js';

/**
 * The `ktx sl` actions behind one lazy import (the command file only declares flags), so a
 * command loads one module graph instead of several.
 */

export interface SlOutcome {
  data: unknown;
  human: () => string;
  exitCode?: ExitCode;
  warnings?: Array<{ code: string; message: string; fix?: string }>;
}

export async function slList(
  project: Project,
  connectionId: string | undefined,
  style: Style,
): Promise<SlOutcome> {
  const target = resolveSemanticConnection(project, connectionId);
  const opened = await openSemanticModel(target);
  const sources = listSources(opened.model);
  return {
    data: { connectionId: target.connectionId, dialect: target.dialect, sources },
    human: () => renderSourceList(target.connectionId, sources, style),
    warnings: opened.brokenFiles.map((file) => ({
      code: 'sl_source_invalid',
      message: `${file} failed to load and is not listed`,
      fix: `Run \`ktx sl validate --connection-id ${target.connectionId}\``,
    })),
  };
}

export async function slRead(
  project: Project,
  name: string,
  connectionId: string | undefined,
  style: Style,
): Promise<SlOutcome> {
  const target = resolveSemanticConnection(project, connectionId);
  const detail = describeSource((await openSemanticModel(target)).model, name);
  return { data: detail, human: () => renderSource(detail, style) };
}

export async function slValidate(
  project: Project,
  source: string | undefined,
  connectionId: string | undefined,
  style: Style,
): Promise<SlOutcome> {
  const target = resolveSemanticConnection(project, connectionId);
  // Validation needs the YAML parser for positions: loaded only here, never on the query path.
  const { validateSemanticLayerFiles } = await import('../validate.js');
  const report = validateSemanticLayerFiles(
    target.projectDir,
    target.connectionId,
    target.dialect,
    source ? { source } : {},
  );
  return {
    data: report,
    exitCode: report.valid ? EXIT.ok : EXIT.failure,
    human: () => renderValidation(report, style),
  };
}

export interface QueryCommandFlags extends QueryFlags {
  connectionId?: string;
  format: 'sql' | 'json' | 'table';
  explain?: boolean;
  dialect?: string;
}

export async function slQuery(project: Project, flags: QueryCommandFlags, style: Style): Promise<SlOutcome> {
  const query = await queryFromFlags(flags);
  const target = resolveSemanticConnection(project, flags.connectionId);
  const dialect = flags.dialect ? resolveDialectName(flags.dialect) : undefined;
  if (flags.dialect && !dialect)
    throw usageError(`Unknown dialect "${flags.dialect}".`, `Use one of: ${DIALECT_NAMES.join(', ')}.`);
  const compiled = await compileForConnection(target, query, dialect ? { dialect } : {});
  const { logical: _logical, ...data } = compiled;
  const warnings =
    target.driver || dialect
      ? []
      : [
          {
            code: 'sl_connection_not_configured',
            message: `Connection ${target.connectionId} is not in ktx.yaml, so its dialect is unknown: printing PostgreSQL SQL.`,
            fix: 'Add the connection to ktx.yaml, or pass --dialect.',
          },
        ];
  return {
    data,
    warnings,
    human: () => renderCompiled(compiled, flags.format, flags.explain === true, style),
  };
}

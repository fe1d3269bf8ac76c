import { EXIT, type ExitCode, usageError } from '../../core/errors.js';
import { parseTimeoutFlag } from '../../core/flags.js';
import type { Style } from '../../core/terminal.js';
import type { Project } from '../../project/project.js';
import { DIALECT_NAMES, resolveDialectName } from '../dialects/index.js';
import { openSemanticModel, resolveSemanticConnection } from '../service.js';
import type { ValidationReport } from '../validate.js';
import { describeSource, listSources } from './inspect.js';
import { type QueryFlags, queryFromFlags } from './query-input.js';
import { renderQueryRun, renderSource, renderSourceList, renderValidation } from './render.js';

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
  live = false,
): Promise<SlOutcome> {
  const target = resolveSemanticConnection(project, connectionId);
  // Validation needs the YAML parser for positions: loaded only here, never on the query path.
  const validate = await import('../validate.js');
  const options = source ? { source } : {};
  let report: ValidationReport;
  if (live) {
    const { requireConnection } = await import('../../connectors/resolve.js');
    requireConnection(project.config.connections, target.connectionId);
    const { withConnector } = await import('../../connectors/registry.js');
    const { checkLive } = await import('../live/check.js');
    report = await withConnector(
      project,
      target.connectionId,
      (connector) =>
        validate.validateSemanticLayerLive(
          target.projectDir,
          target.connectionId,
          target.dialect,
          (model, names) => checkLive(connector, model, names),
          options,
        ),
      { verdictCache: true },
    );
  } else {
    report = validate.validateSemanticLayerFiles(
      target.projectDir,
      target.connectionId,
      target.dialect,
      options,
    );
  }
  return {
    data: report,
    exitCode: report.valid ? EXIT.ok : EXIT.failure,
    human: () => renderValidation(report, style),
  };
}

export interface QueryCommandFlags extends QueryFlags {
  connectionId?: string;
  /** Default: `table` when executing, else `sql`. */
  format?: 'sql' | 'json' | 'table';
  explain?: boolean;
  dialect?: string;
  execute?: boolean;
  maxRows?: string;
  timeout?: string;
}

export async function slQuery(project: Project, flags: QueryCommandFlags, style: Style): Promise<SlOutcome> {
  const query = await queryFromFlags(flags);
  const dialect = flags.dialect ? resolveDialectName(flags.dialect) : undefined;
  if (flags.dialect && !dialect)
    throw usageError(`Unknown dialect "${flags.dialect}".`, `Use one of: ${DIALECT_NAMES.join(', ')}.`);
  if (flags.timeout !== undefined && !flags.execute)
    throw usageError('--timeout applies to executed queries only.', 'Add --execute to run the query.');
  const timeoutMs = parseTimeoutFlag(flags.timeout);
  const { runSemanticQuery } = await import('../run.js');
  const { warnings, ...data } = await runSemanticQuery(project, query, {
    ...(flags.connectionId ? { connectionId: flags.connectionId } : {}),
    ...(dialect ? { dialect } : {}),
    ...(flags.execute ? { execute: true } : {}),
    ...(flags.maxRows !== undefined ? { maxRows: flags.maxRows } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  const format = flags.format ?? (flags.execute ? 'table' : 'sql');
  return {
    data,
    warnings,
    human: () => renderQueryRun(data, format, flags.explain === true, style),
  };
}

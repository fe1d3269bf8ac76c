import type { Document } from 'yaml';
import { SUPPORTED_DRIVERS } from '../../connectors/config.js';
import { KtxError } from '../../core/errors.js';
import { didYouMean } from '../../core/text.js';
import { formatYamlIssue, validateYamlText, type YamlIssue } from '../../core/yaml-validate.js';
import { CONFIG_FILE } from '../layout.js';
import { configSchema, type KtxConfig, SUPPORTED_CONFIG_VERSION } from './schema.js';

export type ConfigIssue = YamlIssue;

export interface ValidatedConfig {
  config: KtxConfig | undefined;
  doc: Document;
  issues: ConfigIssue[];
}

/** Validates ktx.yaml text. Never throws for user errors; returns issues instead. */
export function validateConfigText(text: string): ValidatedConfig {
  const { value, doc, issues } = validateYamlText(text, {
    schema: configSchema,
    fileLabel: CONFIG_FILE,
    unknownKeys: 'warn',
    precheck(data, positionOf) {
      const version = data.version;
      if (typeof version === 'number' && version > SUPPORTED_CONFIG_VERSION) {
        return [
          {
            severity: 'error',
            path: 'version',
            ...positionOf(['version']),
            message: `ktx.yaml is version ${version}, but this ktx understands version ${SUPPORTED_CONFIG_VERSION} only`,
            fix: 'Upgrade ktx (npm install -g ktx@latest) to work with this project.',
          },
        ];
      }
      return [];
    },
    describe(issue, actual, path) {
      if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'driver') {
        const got = typeof actual === 'string' ? actual : undefined;
        const hint = got ? didYouMean(got, SUPPORTED_DRIVERS) : '';
        return {
          message: `${got ? `unknown driver "${got}"` : 'is missing `driver`'}; supported: ${SUPPORTED_DRIVERS.join(', ')}.${hint}`,
          fix: `Set \`${path}\` to one of: ${SUPPORTED_DRIVERS.join(', ')}.`,
        };
      }
      return undefined;
    },
  });
  if (!value && issues.length === 1 && issues[0]!.message.startsWith('ktx.yaml must be a YAML mapping')) {
    issues[0]!.fix = 'Start from `version: 1` and add the blocks you need, or re-create it with `ktx init`.';
  }
  return { config: value, doc, issues };
}

export function formatIssue(issue: ConfigIssue, file = CONFIG_FILE): string {
  return formatYamlIssue(issue, file);
}

export function invalidConfigError(issues: ConfigIssue[], file = CONFIG_FILE): KtxError {
  const errors = issues.filter((issue) => issue.severity === 'error');
  const lines = errors.map(
    (issue) => `  ${formatIssue(issue, file)}${issue.fix ? `\n      fix: ${issue.fix}` : ''}`,
  );
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return new KtxError('config_invalid', `${file} has ${count}:\n${lines.join('\n')}`, {
    hint:
      errors.length === 1 && errors[0]!.fix
        ? errors[0]!.fix
        : `Edit ${file}, then check it with \`ktx config validate\`.`,
    details: { issues: errors },
  });
}

import type { Command } from 'commander';
import { registerConfig } from './config.js';
import { registerConnection } from './connection.js';
import { registerDemo } from './demo.js';
import { registerInit } from './init.js';
import { registerSql } from './sql.js';
import { registerStatus } from './status.js';

/**
 * Every command, in help order. Definition files are light (flags and descriptions); each
 * action imports its feature module only when it runs.
 */
export const COMMAND_REGISTRARS: Array<(program: Command) => void> = [
  registerInit,
  registerStatus,
  registerConfig,
  registerConnection,
  registerSql,
  registerDemo,
];

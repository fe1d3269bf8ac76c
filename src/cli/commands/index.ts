import type { Command } from 'commander';
import { registerAgents } from './agents.js';
import { registerConfig } from './config.js';
import { registerConnection } from './connection.js';
import { registerDemo } from './demo.js';
import { registerDoctor } from './doctor.js';
import { registerInit } from './init.js';
import { registerMcp } from './mcp.js';
import { registerIngest, registerScan } from './scan.js';
import { registerSearch } from './search.js';
import { registerSetup } from './setup.js';
import { registerSl } from './sl.js';
import { registerSql } from './sql.js';
import { registerStatus } from './status.js';
import { registerWiki } from './wiki.js';

/**
 * Every command, in help order (getting started, warehouses, context, serving, diagnostics).
 * Definition files are light (flags and descriptions); each action imports its feature module
 * only when it runs.
 */
export const COMMAND_REGISTRARS: Array<(program: Command) => void> = [
  registerInit,
  registerDemo,
  registerSetup,
  registerStatus,
  registerConnection,
  registerSql,
  registerScan,
  registerIngest,
  registerSl,
  registerWiki,
  registerSearch,
  registerMcp,
  registerAgents,
  registerConfig,
  registerDoctor,
];

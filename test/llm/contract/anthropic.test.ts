import { anthropicHarness } from './harness.js';
import { runBackendContract } from './suite.js';

runBackendContract('anthropic', anthropicHarness);

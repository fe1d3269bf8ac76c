import { vertexHarness } from './harness.js';
import { runBackendContract } from './suite.js';

runBackendContract('vertex', vertexHarness);

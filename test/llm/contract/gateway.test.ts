import { gatewayHarness } from './harness.js';
import { runBackendContract } from './suite.js';

runBackendContract('gateway', gatewayHarness);

import { afterAll, beforeAll } from 'vitest';
import { connectorSuite, type Loaded, loadWarehouses, unloadWarehouses } from '../shared/connector-suite.js';
import { readOnlySuite } from '../shared/read-only-suite.js';
import { scanSuite } from '../shared/scan-suite.js';

// Live sqlite: the demo warehouse and Chinook, loaded for this file and removed afterwards.
let loaded: Loaded | undefined;
beforeAll(async () => {
  loaded = await loadWarehouses('sqlite');
});
afterAll(() => unloadWarehouses(loaded));

connectorSuite('sqlite', () => loaded!);
readOnlySuite('sqlite', () => loaded!);
scanSuite('sqlite', () => loaded!);

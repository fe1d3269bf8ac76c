import { afterAll, beforeAll } from 'vitest';
import { connectorSuite, type Loaded, loadWarehouses, unloadWarehouses } from '../shared/connector-suite.js';
import { readOnlySuite } from '../shared/read-only-suite.js';
import { scanSuite } from '../shared/scan-suite.js';

// Live mysql: the demo warehouse and Chinook, loaded for this file and removed afterwards.
let loaded: Loaded | undefined;
beforeAll(async () => {
  loaded = await loadWarehouses('mysql');
});
afterAll(() => unloadWarehouses(loaded));

connectorSuite('mysql', () => loaded!);
readOnlySuite('mysql', () => loaded!);
scanSuite('mysql', () => loaded!);

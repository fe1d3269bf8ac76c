import type { Connector, QueryOptions, QueryResult } from './types.js';

/**
 * The same connector, with `onQuery` told about every statement that went through `query` (the
 * gated path) and what came back: the scan counts its statements with it, tests log them.
 * Delegates explicitly, because drivers are class instances whose methods live on the prototype.
 */
export function observeQueries(
  connector: Connector,
  onQuery: (sql: string, options: QueryOptions, result: QueryResult) => void,
): Connector {
  return {
    id: connector.id,
    driver: connector.driver,
    dialect: connector.dialect,
    test: () => connector.test(),
    introspect: (options) => connector.introspect(options),
    close: () => connector.close(),
    async query(sql, options) {
      const result = await connector.query(sql, options);
      onQuery(sql, options, result);
      return result;
    },
  };
}

import type { SearchFilter } from '../query/filter.js';

/**
 * Filter tokens stored in the `facets` FTS column, so kind/scope/connection/usage-mode filters
 * are evaluated by FTS5 itself (posting-list intersections) instead of joining every match to
 * the docs table. Tokens use an `x` + letter prefix and hex for free-form ids, which no real
 * term can produce; query text is always restricted to the text columns.
 */

const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex');

export function facetTokens(doc: {
  kind: string;
  scope: string;
  connection?: string;
  usageMode: string;
}): string {
  const tokens = [`xk${doc.kind}`];
  if (doc.scope.startsWith('user:')) tokens.push('xsuser', `xu${hex(doc.scope.slice(5))}`);
  else tokens.push(`xs${doc.scope}`);
  if (doc.connection) tokens.push(`xc${hex(doc.connection)}`);
  if (doc.usageMode === 'never') tokens.push('xnever');
  return tokens.join(' ');
}

const TEXT_COLUMNS = '{name summary body}';

/** A MATCH expression: `text` (an FTS expression over terms) within the filter. */
export function filteredMatch(text: string, filter: SearchFilter, allDocKinds: boolean): string {
  let expr = `(${TEXT_COLUMNS} : (${text}))`;
  const kinds = filter.kinds.filter((kind) => kind !== 'value');
  if (!allDocKinds) expr = `(${expr} AND ({facets} : (${kinds.map((kind) => `xk${kind}`).join(' OR ')})))`;
  if (filter.connection) expr = `(${expr} AND ({facets} : xc${hex(filter.connection)}))`;
  expr = `(${expr} NOT ({facets} : xnever))`;
  expr = `(${expr} NOT ({facets} : (xsuser NOT xu${hex(filter.userId)})))`;
  if (filter.semanticOnly) expr = `(${expr} NOT ({facets} : xsraw))`;
  return expr;
}

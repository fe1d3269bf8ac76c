import { KtxError } from '../core/errors.js';
import { nearest } from '../core/text.js';

/**
 * Semantic-layer errors are KtxErrors with a stable `sl_*` code, a message that names the
 * offending field, a `hint` an agent can act on, and `details.suggestions` (nearest names, the
 * missing join to declare, the alternatives of an ambiguous path) for programmatic repair.
 */

export type SemanticErrorCode =
  | 'sl_invalid_query'
  | 'sl_unknown_source'
  | 'sl_unknown_field'
  | 'sl_unknown_segment'
  | 'sl_ambiguous_field'
  | 'sl_ambiguous_join_path'
  | 'sl_no_join_path'
  | 'sl_expression_syntax'
  | 'sl_not_aggregate'
  | 'sl_nested_aggregate'
  | 'sl_aggregate_not_allowed'
  | 'sl_window_function'
  | 'sl_hidden_column'
  | 'sl_invalid_granularity'
  | 'sl_filter_mixed'
  | 'sl_filter_unreachable'
  | 'sl_measure_cycle'
  | 'sl_measure_multi_source'
  | 'sl_measure_filter_fanout'
  | 'sl_unsupported_in_dialect'
  | 'sl_output_name_collision'
  | 'sl_order_by_unknown'
  | 'sl_model_invalid'
  | 'sl_join_key_not_grain'
  | 'sl_no_sources';

export interface SemanticErrorOptions {
  hint?: string;
  suggestions?: string[];
  details?: Record<string, unknown>;
}

export function semanticError(
  code: SemanticErrorCode,
  message: string,
  options: SemanticErrorOptions = {},
): KtxError {
  const details: Record<string, unknown> = { ...options.details };
  if (options.suggestions && options.suggestions.length > 0) details.suggestions = options.suggestions;
  return new KtxError(code, message, {
    hint: options.hint,
    details: Object.keys(details).length > 0 ? details : undefined,
  });
}

/** An "unknown name" error with nearest-name suggestions in both the hint and `details.suggestions`. */
export function unknownName(
  code: SemanticErrorCode,
  message: string,
  name: string,
  candidates: Iterable<string>,
  extraHint?: string,
): KtxError {
  const close = nearest(name, candidates, 3);
  const hint = close.length
    ? `Did you mean ${close.map((c) => `"${c}"`).join(', ')}?${extraHint ? ` ${extraHint}` : ''}`
    : extraHint;
  return semanticError(code, message, { hint, suggestions: close });
}

/** Vocabulary of the semantic source format, free of zod so the compiler can import it cheaply. */

export const SEMANTIC_TYPES = ['string', 'number', 'boolean', 'date', 'time'] as const;
export type SemanticType = (typeof SEMANTIC_TYPES)[number];

export const RELATIONSHIPS = ['many_to_one', 'one_to_many', 'one_to_one'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const TIME_GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type TimeGranularity = (typeof TIME_GRANULARITIES)[number];

/** Source, column, measure and segment names: identifiers agents can type without quoting. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

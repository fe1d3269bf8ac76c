import { z } from 'zod';

/** Page frontmatter: the single definition of what a wiki page may declare. */

export const USAGE_MODES = ['always', 'auto', 'never'] as const;
export type UsageMode = (typeof USAGE_MODES)[number];

const nonEmpty = z.string().trim().min(1);

export const frontmatterSchema = z.strictObject({
  /** One line shown in listings and search results. */
  summary: nonEmpty.max(300),
  tags: z.array(nonEmpty).default([]),
  /** Keys of related pages (in addition to [[wikilinks]] in the body). */
  refs: z.array(nonEmpty).default([]),
  /** Semantic-layer entities: `<connection>/<source>` or `<connection>/<source>.<measure|column|segment>`. */
  sl_refs: z.array(nonEmpty).default([]),
  /** always: given to every agent up front; auto: found through search; never: kept but never returned. */
  usage_mode: z.enum(USAGE_MODES).default('auto'),
  /** Where the knowledge came from (a URL, a ticket, "ingest: raw-sources/…"). */
  source: nonEmpty.optional(),
});

export type WikiFrontmatter = z.output<typeof frontmatterSchema>;

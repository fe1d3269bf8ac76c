/**
 * Word lists behind key inference: general English and warehouse naming conventions (never
 * names taken from particular databases). Kept apart from the logic in ./names.ts.
 */

const words = (text: string): Set<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Trailing tokens that mark a column as holding a key of something. */
export const KEY_SUFFIXES = words(`
  id ids key code uuid guid no nbr num number ref fk sk cd
`);

/** Whole-name tokens that are identifiers by themselves (`sku`, `isbn`). */
export const KEY_WORDS = words(`
  sku isbn ean upc gtin iso uuid guid id key code
`);

/** Leading tokens warehouses add to table names (`raw_orders`, `dim_customer`, `fct_sales`). */
export const TABLE_PREFIXES = words(`
  raw stg stage staging src source dim fct fact int mart tbl tb ods dw edw base ref lkp
  lookup d f t v vw
`);

export const TABLE_SUFFIXES = words(`
  table tbl dim fact view vw lookup lkp ref master
`);

/** Trailing connector words in role names (`reports_to`, `created_by`, `ship_via`). */
export const CONNECTORS = words(`
  to by via from of for on at in
`);

export const STAFF_ROLES = words(`
  rep representative salesrep salesperson manager mgr supervisor agent assignee assigned
  handler handled owner approver approved reviewer reviewed reports boss lead coordinator
  technician responsible seller sold employee staff processed cashier clerk
`);

/** Roles usually filled by application users (who did something to the row). */
export const ACTOR_ROLES = words(`
  created creator author updated modified changed deleted opened closed requested requester
  requestor submitted submitter invited inviter referred referrer reporter reported resolved
  cancelled canceled edited editor uploaded uploader performed entered user
`);

/** Qualifiers that name a role of an entity rather than another entity (`bill_to_address`). */
export const ROLE_QUALIFIERS = words(`
  original parent ship shipping bill billing home work primary secondary source target
  origin destination from to previous current new old default main alternate alt manager
  created updated opened closed assigned by sold return pickup dropoff delivery mailing
  legal physical invoice payer payee sender receiver buyer
`);

/** Names made only of a role, with the entity left implicit (`origin`, `destination`). */
export const ROLE_ONLY = words(`
  origin destination dest source src target dst from to home away sender recipient receiver
  payer payee buyer seller winner loser primary secondary parent child
`);

/** Table entities that hold people, by tier: staff, application users, anyone else. */
export const STAFF_TABLES = words(`
  employee staff personnel worker agent rep representative salesperson associate operator
  admin manager
`);

export const USER_TABLES = words(`
  user member login operator admin
`);

export const PERSON_TABLES = words(`
  person customer contact client patient student teacher author individual party
`);

/** Hierarchy words that point a table at itself, whatever it stores. */
export const HIERARCHY = words(`
  parent root previous prev next prior predecessor successor merged duplicate replaced replacement
  original master
`);

/** Hierarchy words that only make sense between people (`manager_id` in employees). */
export const PERSON_HIERARCHY = words('manager mgr reports supervisor boss mentor superior lead');

/** Words that name the header record of an entity (`ORD_HDR` keyed by `ORD_NO`). */
export const HEADER_WORDS = words('header hdr head master main base');

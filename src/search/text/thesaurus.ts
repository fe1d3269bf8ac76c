import { terms } from './tokenize.js';

/**
 * A small, general thesaurus of business and analytics vocabulary: words people use for the
 * same idea ("clients" for customers, "cancellations" for churn). It is deliberately generic —
 * project-specific vocabulary comes from the corpus itself (wiki tags, acronyms defined in
 * pages and descriptions; see acronyms.ts). Each line is one group of interchangeable phrases.
 */
const GROUPS = `
customer | client | buyer | customer base
company | organization | organisation | business | firm | account
revenue | sales | income | earnings | turnover | money made | takings
recurring revenue | subscription revenue
churn | cancel | cancellation | attrition | lost customer | canceled | cancelled
retention | retained | renewal | renew
refund | reimbursement | money back | chargeback | credit note
payment | charge | transaction | paid
invoice | bill | billing | invoicing
subscription | contract | plan subscription
price | pricing | cost | fee | rate card
discount | coupon | promo | promotion | rebate
employee | staff | headcount | worker | personnel | team member
manager | owner | rep | representative | account manager
user | member | seat holder
login | log in | sign in | logon
signup | sign up | registration | register | onboarding | created
ticket | support request | case | support case | issue
satisfaction | csat | rating | satisfaction score
resolution | resolve | resolved | solve | solved | fix time
response time | first response | sla | service level
count | number | how many | total number | tally | volume
total | sum | amount | aggregate
average | avg | mean | typical
median | middle value
percent | percentage | pct | share | ratio | rate
growth | increase | trend | change over time
daily | per day | each day | day by day
weekly | per week
monthly | per month | month over month
quarterly | per quarter | qtr
yearly | annual | annually | per year | year over year
fiscal | financial | accounting
region | geography | geo | territory | area
country | nation
currency | fx | foreign exchange | exchange rate
time zone | timezone | tz | local time
delete | deleted | removed | archived | soft delete
test | internal | sandbox | dummy | fake | qa
enterprise | large company | big customer
small business | smb | small company
feature | capability | functionality | module
adoption | usage | uptake | used
active | live | current | engaged
inactive | dormant | idle
event | activity | action | interaction
policy | rule | guideline | convention | standard
definition | meaning | glossary
caveat | gotcha | pitfall | trap | warning
duplicate | double count | double counting | inflated | overcount
tax | vat | sales tax
quantity | qty | units
identifier | id | key
`;

interface Group {
  phrases: string[][];
}

let index: Map<string, Group[]> | undefined;

/** Stemmed phrase key ("recur revenu") → groups containing it. Built once per process. */
function thesaurusIndex(): Map<string, Group[]> {
  if (index) return index;
  index = new Map();
  for (const line of GROUPS.split('\n')) {
    if (!line.trim()) continue;
    const phrases = line
      .split('|')
      .map((phrase) => terms(phrase))
      .filter((phrase) => phrase.length > 0);
    const group: Group = { phrases };
    for (const phrase of phrases) {
      const key = phrase.join(' ');
      const list = index.get(key) ?? [];
      list.push(group);
      index.set(key, list);
    }
  }
  return index;
}

/** Longest thesaurus phrase, in stems, that the thesaurus knows. */
export const MAX_PHRASE_LENGTH = 3;

/** Alternatives for a stemmed phrase (excluding the phrase itself), or [] when unknown. */
export function synonymsOf(phrase: string[]): string[][] {
  const key = phrase.join(' ');
  const groups = thesaurusIndex().get(key);
  if (!groups) return [];
  const seen = new Set([key]);
  const out: string[][] = [];
  for (const group of groups) {
    for (const alternative of group.phrases) {
      const altKey = alternative.join(' ');
      if (seen.has(altKey)) continue;
      seen.add(altKey);
      out.push(alternative);
    }
  }
  return out;
}

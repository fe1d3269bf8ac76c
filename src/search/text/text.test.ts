import { describe, expect, it } from 'vitest';
import { extractAcronyms } from './acronyms.js';
import { stem } from './stem.js';
import { synonymsOf } from './thesaurus.js';
import { analyse, contentWords, literalKey, words } from './tokenize.js';

describe('tokenizer', () => {
  it('splits snake_case, camelCase, kebab-case and dotted refs', () => {
    expect(words('customer_count')).toEqual(['customer', 'count']);
    expect(words('avgResolutionHours')).toEqual(['avg', 'resolution', 'hours']);
    expect(words('HTTPServerError')).toEqual(['http', 'server', 'error']);
    expect(words('warehouse/subscriptions.arr net-revenue')).toEqual([
      'warehouse',
      'subscriptions',
      'arr',
      'net',
      'revenue',
    ]);
  });

  it('folds accents and drops stop words', () => {
    expect(words('Café Crème')).toEqual(['cafe', 'creme']);
    expect(contentWords('what is the refund policy of the company')).toEqual(['refund', 'policy', 'company']);
  });

  it('stems so inflections meet', () => {
    expect(analyse('customers')).toBe(analyse("customer's"));
    expect(stem('subscriptions')).toBe(stem('subscription'));
    expect(stem('churned')).toBe('churn');
    expect(stem('relational')).toBe('relat');
    expect(stem('activities')).toBe(stem('activity'));
    expect(stem('hopping')).toBe('hop');
    expect(stem('caresses')).toBe('caress');
  });

  it('normalises literals so punctuation and case do not matter', () => {
    expect(literalKey('Acme Corp.')).toBe(literalKey('acme  CORP'));
    expect(literalKey('INV-000123')).toBe('inv 000123');
  });
});

describe('thesaurus', () => {
  it('maps phrases and words to their group, in stems', () => {
    const clients = synonymsOf([stem('client')]).map((phrase) => phrase.join(' '));
    expect(clients).toContain(stem('customer'));
    expect(synonymsOf([stem('zzz')])).toEqual([]);
  });
});

describe('acronyms learnt from text', () => {
  it('finds ALL-CAPS acronyms spelled out nearby', () => {
    const pairs = extractAcronyms([], 'Our key metric is ARR (annual recurring revenue), reported monthly.');
    expect(pairs).toEqual([{ short: 'arr', long: 'annual recur revenu' }]);
  });

  it('treats a document name spelled out in its text as an acronym, skipping stop words', () => {
    const pairs = extractAcronyms(['sla'], 'Targets of the service level agreement by priority.');
    expect(pairs).toEqual([{ short: 'sla', long: 'servic level agreement' }]);
  });

  it('ignores ordinary words', () => {
    expect(extractAcronyms(['revenue'], 'Revenue is money received.')).toEqual([]);
  });
});

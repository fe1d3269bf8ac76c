import type { Account, Emit } from './generate-org.js';
import type { Random } from './prng.js';
import {
  ADDONS,
  DAY,
  iso,
  isoDate,
  PLANS,
  PLATFORM_FEE_CENTS,
  type Plan,
  type Segment,
  type Tier,
  WINDOW_DAYS,
  WINDOW_END,
  WINDOW_START,
} from './world.js';

/**
 * Exchange rates, subscriptions, invoices with line items, payments and refunds. Money is
 * computed in integer cents (in the invoice currency) so line items sum exactly to subtotals
 * and totals equal subtotal + tax; it is written as `cents / 100`.
 */

/** USD per unit, in millionths, per currency and day index (0 = 2023-07-01). */
export type RateTable = Record<'USD' | 'EUR' | 'GBP', Int32Array>;

export function generateExchangeRates(random: Random, emit: Emit): RateTable {
  const table: RateTable = {
    USD: new Int32Array(WINDOW_DAYS).fill(1_000_000),
    EUR: new Int32Array(WINDOW_DAYS),
    GBP: new Int32Array(WINDOW_DAYS),
  };
  for (const [currency, anchor] of [
    ['EUR', 1_085_000],
    ['GBP', 1_268_000],
  ] as const) {
    let rate = anchor;
    for (let day = 0; day < WINDOW_DAYS; day++) {
      // A mean-reverting random walk: daily moves of up to ±0.4%.
      rate += random.int(-4000, 4000) + Math.trunc((anchor - rate) / 40);
      table[currency][day] = rate;
    }
  }
  for (const currency of ['EUR', 'GBP', 'USD'] as const) {
    for (let day = 0; day < WINDOW_DAYS; day++) {
      emit('exchange_rates', [
        currency,
        isoDate(WINDOW_START + day * DAY),
        table[currency][day]! / 1_000_000,
      ]);
    }
  }
  return table;
}

function dayIndex(seconds: number): number {
  return Math.max(0, Math.min(WINDOW_DAYS - 1, Math.floor((seconds - WINDOW_START) / DAY)));
}

/** USD cents → invoice-currency cents at that day's rate. */
function toLocal(usdCents: number, currency: keyof RateTable, seconds: number, rates: RateTable): number {
  return Math.round((usdCents * 1_000_000) / rates[currency][dayIndex(seconds)]!);
}

const TIERS_BY_SEGMENT: Record<Segment, Tier[]> = {
  smb: ['starter', 'starter', 'growth'],
  mid_market: ['growth', 'business', 'business'],
  enterprise: ['business', 'enterprise', 'enterprise'],
};
const SEATS: Record<Segment, [number, number]> = { smb: [1, 10], mid_market: [8, 40], enterprise: [30, 160] };
const CHURN_REASONS = [
  'too_expensive',
  'switched_competitor',
  'no_longer_needed',
  'missing_features',
  'budget_cuts',
  'company_closed',
];
const REFUND_REASONS = [
  'duplicate_charge',
  'service_outage_credit',
  'downgrade_proration',
  'customer_request',
  'billing_error',
];

interface BillingCounters {
  subscription: number;
  invoice: number;
  line: number;
  payment: number;
  refund: number;
}

function addMonths(seconds: number, months: number): number {
  const date = new Date(seconds * 1000);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime() / 1000;
}

export function generateBilling(random: Random, emit: Emit, accounts: Account[], rates: RateTable): void {
  const ids: BillingCounters = { subscription: 0, invoice: 0, line: 0, payment: 0, refund: 0 };
  for (const account of accounts) {
    const end = account.deletedAt ?? WINDOW_END;
    let start = account.createdAt + random.int(0, 3) * DAY;
    let tier = random.pick(TIERS_BY_SEGMENT[account.segment]);
    let seats = Math.max(1, Math.round(random.around(...SEATS[account.segment])));
    const annual = random.chance(account.segment === 'smb' ? 0.1 : 0.3);
    for (let generation = 0; start < end; generation++) {
      const plan = PLANS.find((p) => p.tier === tier && p.period === (annual ? 'annual' : 'monthly'))!;
      // What happens to this subscription: kept, upgraded (a new one follows), or churned.
      const fate =
        account.deletedAt !== null
          ? 'churn'
          : random.weighted([
              ['keep', 50],
              ['upgrade', generation < 2 ? 40 : 8],
              ['churn', 10],
            ] as const);
      const lifetime = fate === 'keep' ? end - start : Math.floor(random.around(60, 420) * DAY);
      const stop = Math.min(end, start + lifetime);
      const canceled =
        fate !== 'keep' || account.deletedAt !== null ? (stop < WINDOW_END ? stop : null) : null;
      billSubscription(random, emit, ids, account, plan, seats, start, canceled, fate, rates);
      if (canceled === null || fate !== 'upgrade') break;
      start = canceled;
      const nextTier = (['starter', 'growth', 'business', 'enterprise'] as Tier[]).indexOf(tier) + 1;
      if (nextTier < 4 && random.chance(0.6))
        tier = (['starter', 'growth', 'business', 'enterprise'] as Tier[])[nextTier]!;
      seats = Math.round(seats * random.around(1.1, 1.8)) + 1;
    }
  }
}

function billSubscription(
  random: Random,
  emit: Emit,
  ids: BillingCounters,
  account: Account,
  plan: Plan,
  seats: number,
  start: number,
  canceled: number | null,
  fate: 'keep' | 'upgrade' | 'churn',
  rates: RateTable,
): void {
  const subscriptionId = ++ids.subscription;
  const trialing = canceled === null && WINDOW_END - start < 14 * DAY;
  const mrrCents = trialing ? 0 : PLATFORM_FEE_CENTS[plan.tier] + seats * plan.seatCents;
  const months = plan.period === 'annual' ? 12 : 1;
  let lastStatus = 'paid';
  let periodStart = trialing ? Number.POSITIVE_INFINITY : start;
  const stop = canceled ?? WINDOW_END;
  let pastDue = false;
  while (periodStart < stop) {
    const invoiceStatus = issueInvoice(
      random,
      emit,
      ids,
      account,
      plan,
      seats,
      months,
      subscriptionId,
      periodStart,
      rates,
    );
    lastStatus = invoiceStatus;
    periodStart = addMonths(periodStart, months);
  }
  if (canceled === null && (lastStatus === 'open' || lastStatus === 'uncollectible') && random.chance(0.5))
    pastDue = true;
  const status = canceled !== null ? 'canceled' : trialing ? 'trialing' : pastDue ? 'past_due' : 'active';
  const reason =
    canceled === null
      ? null
      : fate === 'upgrade'
        ? 'upgraded'
        : account.deletedAt !== null
          ? 'account_closed'
          : random.pick(CHURN_REASONS);
  emit('subscriptions', [
    subscriptionId,
    account.id,
    plan.code,
    status,
    seats,
    mrrCents / 100,
    iso(start),
    canceled === null ? null : iso(canceled),
    reason,
  ]);
}

function issueInvoice(
  random: Random,
  emit: Emit,
  ids: BillingCounters,
  account: Account,
  plan: Plan,
  seats: number,
  months: number,
  subscriptionId: number,
  issuedAt: number,
  rates: RateTable,
): string {
  const invoiceId = ++ids.invoice;
  const currency = account.country.currency;
  const lines: Array<[kind: string, description: string, quantity: number, unitCents: number]> = [];
  const local = (usd: number) => toLocal(usd, currency, issuedAt, rates);
  lines.push([
    'subscription',
    `Orbital ${plan.name} platform fee`,
    1,
    local(PLATFORM_FEE_CENTS[plan.tier] * months),
  ]);
  lines.push(['seats', `${plan.name} seats`, seats, local(plan.seatCents * months)]);
  for (const addon of ADDONS) {
    if (!addon.tiers.includes(plan.tier) || !random.chance(0.5)) continue;
    lines.push(['addon', addon.name, addon.perSeat ? seats : 1, local(addon.cents * months)]);
  }
  if (random.chance(0.16)) {
    const percent = random.pick([5, 10, 15, 20, 25]);
    const base = lines.slice(0, 2).reduce((sum, [, , quantity, unit]) => sum + quantity * unit, 0);
    lines.push(['discount', `Discount ${percent}%`, 1, -Math.round((base * percent) / 100)]);
  }
  let subtotal = 0;
  for (const [kind, description, quantity, unit] of lines) {
    const amount = quantity * unit;
    subtotal += amount;
    emit('invoice_line_items', [
      ++ids.line,
      invoiceId,
      kind,
      description,
      quantity,
      unit / 100,
      amount / 100,
    ]);
  }
  const tax = Math.round((subtotal * account.country.taxPercent) / 100);
  const total = subtotal + tax;
  const age = WINDOW_END - issuedAt;
  const status =
    age < 3 * DAY
      ? 'draft'
      : random.chance(0.025)
        ? 'void'
        : random.chance(0.02)
          ? 'uncollectible'
          : age < 30 * DAY && random.chance(0.45)
            ? 'open'
            : 'paid';
  emit('invoices', [
    invoiceId,
    account.id,
    subscriptionId,
    `INV-${String(invoiceId).padStart(6, '0')}`,
    status,
    currency,
    subtotal / 100,
    tax / 100,
    total / 100,
    iso(issuedAt),
    iso(issuedAt + (account.segment === 'enterprise' ? 45 : 30) * DAY),
  ]);
  const method =
    account.segment === 'enterprise'
      ? random.weighted([
          ['wire', 55],
          ['ach', 35],
          ['card', 10],
        ] as const)
      : account.segment === 'mid_market'
        ? random.weighted([
            ['card', 60],
            ['ach', 35],
            ['wire', 5],
          ] as const)
        : 'card';
  const pay = (amount: number, state: 'succeeded' | 'failed', at: number) => {
    const paymentId = ++ids.payment;
    emit('payments', [paymentId, invoiceId, account.id, amount / 100, currency, method, state, iso(at)]);
    return paymentId;
  };
  const dueWindow = Math.max(DAY, Math.min(age - 3600, 25 * DAY));
  if (status === 'paid') {
    let at = issuedAt + random.int(600, dueWindow);
    if (random.chance(0.04)) {
      pay(total, 'failed', at);
      at = Math.min(WINDOW_END - 60, at + random.int(1, 4) * DAY);
    }
    const paymentId = pay(total, 'succeeded', Math.min(at, WINDOW_END - 60));
    if (random.chance(0.058)) {
      const share = random.pick([25, 50, 100, 100]);
      const refundAt = Math.min(WINDOW_END - 30, at + random.int(1, 45) * DAY);
      emit('refunds', [
        ++ids.refund,
        paymentId,
        Math.round((total * share) / 100) / 100,
        random.pick(REFUND_REASONS),
        iso(refundAt),
      ]);
    }
  } else if (status === 'uncollectible') {
    for (let attempt = random.int(1, 3); attempt > 0; attempt--)
      pay(total, 'failed', issuedAt + random.int(600, dueWindow));
  } else if (status === 'open' && random.chance(0.15)) {
    pay(total, 'failed', issuedAt + random.int(600, dueWindow));
  }
  return status;
}

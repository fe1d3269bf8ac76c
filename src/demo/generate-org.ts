import type { Random } from './prng.js';
import {
  COMPANY_SUFFIX,
  COUNTRIES,
  type Country,
  DAY,
  FEATURES,
  FIRST_NAMES,
  INDUSTRIES,
  iso,
  isoDate,
  LAST_NAMES,
  NAME_FIRST,
  NAME_SECOND,
  PLANS,
  type Segment,
  WINDOW_END,
  WINDOW_START,
} from './world.js';

/** Employees, accounts, plans, features and users: the people and companies of Orbital. */

export type Emit = (table: string, row: unknown[]) => void;

export interface Employee {
  id: number;
  department: string;
}

export interface Account {
  id: number;
  country: Country;
  segment: Segment;
  isTest: boolean;
  createdAt: number;
  deletedAt: number | null;
  domain: string;
  /** Users of this account (indexes into the user list). */
  users: number[];
}

export interface User {
  id: number;
  accountIndex: number;
  createdAt: number;
  /** When the user stops producing events (deletion, or going quiet). */
  activeUntil: number;
  deleted: boolean;
  /** Relative activity level (events are drawn in proportion). */
  activity: number;
}

const DEPARTMENTS: Array<[name: string, size: number, head: string, titles: string[]]> = [
  ['sales', 24, 'VP Sales', ['Account Executive', 'Senior Account Executive', 'Sales Development Rep']],
  ['success', 14, 'VP Customer Success', ['Customer Success Manager', 'Senior Customer Success Manager']],
  ['support', 20, 'Head of Support', ['Support Engineer', 'Senior Support Engineer', 'Support Specialist']],
  ['engineering', 14, 'VP Engineering', ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer']],
  ['finance', 8, 'Chief Financial Officer', ['Financial Analyst', 'Billing Specialist', 'Controller']],
];

const EMPLOYEE_TIMEZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Lisbon',
  'Asia/Singapore',
];

function personName(random: Random): [first: string, last: string] {
  return [random.pick(FIRST_NAMES), random.pick(LAST_NAMES)];
}

function emailLocal(first: string, last: string): string {
  return `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
}

export function generateEmployees(random: Random, emit: Emit): Employee[] {
  const employees: Employee[] = [];
  const usedEmails = new Set<string>();
  const add = (department: string, title: string, managerId: number | null, hiredBefore: number) => {
    const id = employees.length + 1;
    const [first, last] = personName(random);
    let email = `${emailLocal(first, last)}@orbital.io`;
    if (usedEmails.has(email)) email = `${emailLocal(first, last)}${id}@orbital.io`;
    usedEmails.add(email);
    const hired = WINDOW_START - random.int(30, hiredBefore) * DAY + random.int(0, 700) * DAY;
    emit('employees', [
      id,
      `${first} ${last}`,
      email,
      title,
      department,
      managerId,
      isoDate(Math.min(hired, WINDOW_END - 40 * DAY)),
      random.pick(EMPLOYEE_TIMEZONES),
    ]);
    employees.push({ id, department });
    return id;
  };
  const ceo = add('sales', 'Chief Executive Officer', null, 3000);
  for (const [department, size, headTitle, titles] of DEPARTMENTS) {
    const head = add(department, headTitle, ceo, 2400);
    const leads = [add(department, `${titles[0]} Team Lead`, head, 2000)];
    if (size > 15) leads.push(add(department, `${titles[0]} Team Lead`, head, 1800));
    const remaining = size - 1 - leads.length - (department === 'sales' ? 1 : 0);
    for (let i = 0; i < remaining; i++) add(department, random.pick(titles), random.pick(leads), 1500);
  }
  return employees;
}

export function generatePlansAndFeatures(emit: Emit): void {
  for (const plan of PLANS) {
    emit('plans', [
      plan.code,
      plan.name,
      plan.tier,
      plan.period,
      plan.seatCents / 100,
      plan.isPublic ? 1 : 0,
    ]);
  }
  for (const [code, name, category] of FEATURES) emit('features', [code, name, category]);
}

const TEST_NAMES = ['Orbital Internal', 'QA Sandbox', 'Test Account', 'Demo - Do Not Bill'];

export function generateAccounts(random: Random, emit: Emit, employees: Employee[], count = 2000): Account[] {
  const managers = employees
    .filter((e) => e.department === 'sales' || e.department === 'success')
    .map((e) => e.id);
  const countries = COUNTRIES.map((country) => [country, country.weight] as const);
  const names = new Set<string>();
  const domains = new Set<string>();
  const accounts: Account[] = [];
  const enterprises: number[] = [];
  for (let id = 1; id <= count; id++) {
    const isTest = random.chance(0.02);
    const country = isTest ? COUNTRIES[0]! : random.weighted(countries);
    const segment: Segment = isTest
      ? 'smb'
      : random.weighted([
          ['smb', 60],
          ['mid_market', 30],
          ['enterprise', 10],
        ] as const);
    let name: string;
    let domain: string;
    if (isTest) {
      name = `${random.pick(TEST_NAMES)} ${id}`;
      domain = random.chance(0.5) ? 'orbital.io' : 'example.com';
    } else {
      const base = `${random.pick(NAME_FIRST)} ${random.pick(NAME_SECOND)}`;
      const suffix = random.pick(COMPANY_SUFFIX[country.code] ?? ['Ltd']);
      name = `${base} ${suffix}`;
      if (names.has(name)) name = `${base} ${country.code} ${suffix}`;
      if (names.has(name)) name = `${base} ${id} ${suffix}`;
      const slug = base.toLowerCase().replace(/[^a-z]+/g, '');
      const tld = country.code === 'US' ? 'com' : country.code.toLowerCase();
      domain = domains.has(`${slug}.${tld}`) ? `${slug}${id}.${tld}` : `${slug}.${tld}`;
      domains.add(domain);
    }
    names.add(name);
    // Growth: more accounts sign up in the first year (they then have more history to bill).
    const createdAt = WINDOW_START + Math.floor(random.skewed(0, 660, 3) * DAY) + random.int(0, DAY - 1);
    const deletedAt =
      !isTest && random.chance(0.03)
        ? Math.min(WINDOW_END - DAY, createdAt + random.int(45, 500) * DAY)
        : null;
    const parent =
      segment !== 'enterprise' && !isTest && enterprises.length > 3 && random.chance(0.05)
        ? random.pick(enterprises)
        : null;
    emit('accounts', [
      id,
      name,
      domain,
      isTest ? 'software' : random.pick(INDUSTRIES),
      country.code,
      country.region,
      segment,
      isTest ? null : random.pick(managers),
      parent,
      random.pick(country.timezones),
      isTest ? 1 : 0,
      iso(createdAt),
      deletedAt === null ? null : iso(deletedAt),
    ]);
    if (segment === 'enterprise') enterprises.push(id);
    accounts.push({ id, country, segment, isTest, createdAt, deletedAt, domain, users: [] });
  }
  return accounts;
}

const SEATS_RANGE: Record<Segment, [number, number]> = {
  smb: [1, 8],
  mid_market: [5, 26],
  enterprise: [18, 100],
};

export function generateUsers(random: Random, emit: Emit, accounts: Account[]): User[] {
  const users: User[] = [];
  accounts.forEach((account, accountIndex) => {
    const [min, max] = account.isTest ? [2, 4] : SEATS_RANGE[account.segment];
    const count = Math.max(1, Math.round(random.around(min, max)));
    const emails = new Set<string>();
    for (let i = 0; i < count; i++) {
      const id = users.length + 1;
      const [first, last] = personName(random);
      let email = `${emailLocal(first, last)}@${account.domain}`;
      if (emails.has(email)) email = `${emailLocal(first, last)}.${id}@${account.domain}`;
      emails.add(email);
      const horizon = (account.deletedAt ?? WINDOW_END) - account.createdAt;
      const createdAt =
        account.createdAt +
        (i === 0 ? random.int(0, 3600) : Math.floor(random.skewed(0, Math.max(1, horizon - DAY), 2)));
      const deleted = account.deletedAt !== null || random.chance(0.05);
      const leaves =
        account.deletedAt ??
        (deleted ? Math.min(WINDOW_END, createdAt + random.int(20, 400) * DAY) : WINDOW_END);
      const activeUntil = Math.max(createdAt + DAY, leaves - random.int(0, 20) * DAY);
      const lastSeen = random.chance(0.04) ? null : Math.min(activeUntil, WINDOW_END);
      emit('users', [
        id,
        account.id,
        email,
        `${first} ${last}`,
        i === 0
          ? 'admin'
          : random.weighted([
              ['admin', 8],
              ['member', 70],
              ['viewer', 22],
            ] as const),
        iso(createdAt),
        lastSeen === null ? null : iso(lastSeen),
        deleted ? iso(Math.min(WINDOW_END, leaves)) : null,
      ]);
      account.users.push(users.length);
      users.push({
        id,
        accountIndex,
        createdAt,
        activeUntil: lastSeen === null ? createdAt + DAY : activeUntil,
        deleted,
        activity: random.chance(0.15) ? 0.1 : random.around(0.4, 2.2),
      });
    }
  });
  return users;
}

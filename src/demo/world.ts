/**
 * Fixed facts of the Orbital world: the time window, countries, catalogues and name parts.
 * Everything the generators need that is not random lives here.
 */

const DAY = 86_400;

/** The data covers 2023-07-01 … 2025-06-30 (UTC), 731 days; "now" is the end of that window. */
export const WINDOW_START = Date.UTC(2023, 6, 1) / 1000;
export const WINDOW_END = Date.UTC(2025, 5, 30, 23, 59, 59) / 1000;
export const WINDOW_DAYS = 731;
export { DAY };

/** `2024-03-05T14:02:11Z` (seconds precision, UTC). */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** `2024-03-05`. */
export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

export function startOfDay(seconds: number): number {
  return seconds - (((seconds % DAY) + DAY) % DAY);
}

export interface Country {
  code: string;
  region: 'NA' | 'EMEA' | 'APAC' | 'LATAM';
  currency: 'USD' | 'EUR' | 'GBP';
  timezones: string[];
  /** Sales tax / VAT charged on invoices, in percent. */
  taxPercent: number;
  weight: number;
  /** Hours east of UTC, used to place activity in local business hours (no DST: approximate). */
  utcOffset: number;
}

type CountryRow = [Country['code'], Country['region'], Country['currency'], string[], number, number, number];

// code, region, invoice currency, time zones, tax %, weight, UTC offset
const COUNTRY_ROWS: CountryRow[] = [
  [
    'US',
    'NA',
    'USD',
    ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    0,
    34,
    -6,
  ],
  ['CA', 'NA', 'USD', ['America/Toronto', 'America/Vancouver'], 5, 6, -6],
  ['GB', 'EMEA', 'GBP', ['Europe/London'], 20, 10, 0],
  ['DE', 'EMEA', 'EUR', ['Europe/Berlin'], 19, 8, 1],
  ['FR', 'EMEA', 'EUR', ['Europe/Paris'], 20, 6, 1],
  ['NL', 'EMEA', 'EUR', ['Europe/Amsterdam'], 21, 4, 1],
  ['ES', 'EMEA', 'EUR', ['Europe/Madrid'], 21, 3, 1],
  ['IE', 'EMEA', 'EUR', ['Europe/Dublin'], 23, 2, 0],
  ['SE', 'EMEA', 'EUR', ['Europe/Stockholm'], 25, 2, 1],
  ['AE', 'EMEA', 'USD', ['Asia/Dubai'], 5, 2, 4],
  ['ZA', 'EMEA', 'USD', ['Africa/Johannesburg'], 15, 1, 2],
  ['AU', 'APAC', 'USD', ['Australia/Sydney', 'Australia/Melbourne'], 10, 5, 10],
  ['JP', 'APAC', 'USD', ['Asia/Tokyo'], 10, 3, 9],
  ['SG', 'APAC', 'USD', ['Asia/Singapore'], 9, 2, 8],
  ['IN', 'APAC', 'USD', ['Asia/Kolkata'], 18, 3, 5],
  ['NZ', 'APAC', 'USD', ['Pacific/Auckland'], 15, 1, 12],
  ['BR', 'LATAM', 'USD', ['America/Sao_Paulo'], 0, 3, -3],
  ['MX', 'LATAM', 'USD', ['America/Mexico_City'], 16, 2, -6],
  ['AR', 'LATAM', 'USD', ['America/Argentina/Buenos_Aires'], 0, 1, -3],
  ['CL', 'LATAM', 'USD', ['America/Santiago'], 19, 1, -4],
  ['CO', 'LATAM', 'USD', ['America/Bogota'], 19, 1, -5],
];

export const COUNTRIES: Country[] = COUNTRY_ROWS.map(
  ([code, region, currency, timezones, taxPercent, weight, utcOffset]) => ({
    code,
    region,
    currency,
    timezones,
    taxPercent,
    weight,
    utcOffset,
  }),
);

export type Segment = 'smb' | 'mid_market' | 'enterprise';
export type Tier = 'starter' | 'growth' | 'business' | 'enterprise';

export interface Plan {
  code: string;
  name: string;
  tier: Tier;
  period: 'monthly' | 'annual';
  /** Per seat per month, in cents (USD). */
  seatCents: number;
  isPublic: boolean;
}

const TIER_SEAT_CENTS: Record<Tier, [monthly: number, annual: number]> = {
  starter: [1500, 1200],
  growth: [3900, 3200],
  business: [7900, 6500],
  enterprise: [14900, 12500],
};

/** Platform fee per month, in cents (USD): the "subscription" line of every invoice. */
export const PLATFORM_FEE_CENTS: Record<Tier, number> = {
  starter: 900,
  growth: 2900,
  business: 9900,
  enterprise: 29900,
};

export const PLANS: Plan[] = (['starter', 'growth', 'business', 'enterprise'] as Tier[]).flatMap((tier) =>
  (['monthly', 'annual'] as const).map((period) => ({
    code: `${tier}_${period}`,
    name: `${tier[0]!.toUpperCase()}${tier.slice(1)} (${period})`,
    tier,
    period,
    seatCents: TIER_SEAT_CENTS[tier][period === 'monthly' ? 0 : 1],
    isPublic: tier !== 'enterprise',
  })),
);

export const ADDONS: Array<{ name: string; cents: number; perSeat: boolean; tiers: Tier[] }> = [
  { name: 'Single sign-on (SSO)', cents: 400, perSeat: true, tiers: ['growth', 'business', 'enterprise'] },
  { name: 'Advanced analytics', cents: 4900, perSeat: false, tiers: ['growth', 'business', 'enterprise'] },
  { name: 'Priority support', cents: 9900, perSeat: false, tiers: ['business', 'enterprise'] },
  {
    name: 'Extra storage (100 GB)',
    cents: 2500,
    perSeat: false,
    tiers: ['starter', 'growth', 'business', 'enterprise'],
  },
  { name: 'Audit log retention', cents: 7900, perSeat: false, tiers: ['enterprise'] },
  { name: 'Guest access', cents: 500, perSeat: false, tiers: ['starter', 'growth', 'business'] },
  {
    name: 'Additional workspace',
    cents: 900,
    perSeat: false,
    tiers: ['starter', 'growth', 'business', 'enterprise'],
  },
];

export const FEATURES: Array<[code: string, name: string, category: string]> = [
  ['gantt', 'Gantt charts', 'planning'],
  ['kanban', 'Kanban boards', 'planning'],
  ['roadmaps', 'Roadmaps', 'planning'],
  ['time_tracking', 'Time tracking', 'productivity'],
  ['automations', 'Workflow automations', 'productivity'],
  ['templates', 'Project templates', 'productivity'],
  ['ai_assistant', 'AI assistant', 'productivity'],
  ['dashboards', 'Custom dashboards', 'reporting'],
  ['exports', 'Scheduled exports', 'reporting'],
  ['portfolio', 'Portfolio reporting', 'reporting'],
  ['slack', 'Slack integration', 'integrations'],
  ['github', 'GitHub integration', 'integrations'],
  ['salesforce', 'Salesforce sync', 'integrations'],
  ['sso', 'Single sign-on', 'security'],
  ['audit_log', 'Audit log', 'security'],
];

export const INDUSTRIES = [
  'software',
  'manufacturing',
  'healthcare',
  'financial_services',
  'retail',
  'education',
  'media',
  'logistics',
  'professional_services',
  'nonprofit',
];

export const NAME_FIRST = [
  'Acme',
  'Blue',
  'North',
  'Bright',
  'Silver',
  'Summit',
  'Harbor',
  'Granite',
  'Cedar',
  'Atlas',
  'Nimbus',
  'Vertex',
  'Pioneer',
  'Lumen',
  'Maple',
  'Orchid',
  'Quartz',
  'Redwood',
  'Sable',
  'Tidal',
  'Urban',
  'Vivid',
  'Willow',
  'Zenith',
  'Beacon',
  'Copper',
  'Delta',
  'Ember',
  'Falcon',
  'Golden',
  'Horizon',
  'Iron',
  'Juniper',
  'Kestrel',
  'Lotus',
  'Meridian',
  'Nova',
  'Onyx',
  'Prairie',
  'Rapid',
];
export const NAME_SECOND = [
  'Logistics',
  'Labs',
  'Health',
  'Foods',
  'Systems',
  'Partners',
  'Robotics',
  'Media',
  'Capital',
  'Studios',
  'Analytics',
  'Works',
  'Dynamics',
  'Networks',
  'Energy',
  'Outfitters',
  'Pharma',
  'Learning',
  'Freight',
  'Consulting',
  'Biotech',
  'Retail',
  'Motors',
  'Insurance',
  'Architects',
];
export const COMPANY_SUFFIX: Record<string, string[]> = {
  US: ['Inc', 'LLC', 'Co'],
  CA: ['Inc', 'Ltd'],
  GB: ['Ltd', 'plc'],
  DE: ['GmbH', 'AG'],
  FR: ['SAS', 'SA'],
  NL: ['BV'],
  ES: ['SL', 'SA'],
  IE: ['Ltd'],
  SE: ['AB'],
  AU: ['Pty Ltd'],
  JP: ['KK'],
  BR: ['Ltda'],
  MX: ['SA de CV'],
};

export const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'Daniel',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rafael',
  'Sofia',
  'Tomas',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Amara',
  'Bruno',
  'Carmen',
  'Dmitri',
  'Esther',
  'Felix',
  'Gabriela',
  'Hannah',
  'Ivan',
  'Julia',
  'Kenji',
  'Lucia',
  'Mateo',
  'Nadia',
];
export const LAST_NAMES = [
  'Anderson',
  'Bauer',
  'Castillo',
  'Dubois',
  'Eriksson',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jansen',
  'Kowalski',
  'Lopez',
  'Martin',
  'Nakamura',
  "O'Brien",
  'Patel',
  'Quintero',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Umar',
  'Varga',
  'Williams',
  'Xu',
  'Yilmaz',
  'Zhang',
  'Almeida',
  'Brooks',
  'Chen',
  'Diaz',
  'Evans',
  'Ferreira',
  'Gupta',
  'Haddad',
  'Ivanova',
  'Jones',
  'Khan',
  'Lindqvist',
  'Moreau',
  'Nguyen',
];

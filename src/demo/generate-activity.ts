import type { Account, Emit, Employee, User } from './generate-org.js';
import type { Random } from './prng.js';
import { DAY, FEATURES, iso, WINDOW_END } from './world.js';

/** Product events, support tickets and the account ↔ feature bridge. */

const EVENT_TYPES = [
  'login',
  'project_created',
  'task_completed',
  'report_exported',
  'integration_connected',
  'invite_sent',
] as const;
const EVENT_WEIGHTS = [
  [0, 30],
  [1, 8],
  [2, 50],
  [3, 6],
  [4, 2],
  [5, 4],
] as const;
const CLIENTS = ['web', 'ios', 'android', 'api'] as const;
const CLIENT_WEIGHTS = [
  [0, 62],
  [1, 16],
  [2, 12],
  [3, 10],
] as const;

/** A time in the user's local working day (activity follows the account's clock, stored in UTC). */
function localWorkingTime(random: Random, from: number, to: number, utcOffset: number): number {
  const span = Math.max(1, to - from);
  const day = from + Math.floor(random.next() * span);
  const dayStart = day - ((((day + utcOffset * 3600) % DAY) + DAY) % DAY);
  const hour = random.weighted([
    [8, 6],
    [9, 10],
    [10, 12],
    [11, 11],
    [13, 10],
    [14, 11],
    [15, 10],
    [16, 8],
    [17, 5],
    [19, 3],
    [21, 2],
  ] as const);
  const at = dayStart + hour * 3600 + random.int(0, 3599);
  return Math.min(to, Math.max(from, at));
}

export function generateEvents(
  random: Random,
  emit: Emit,
  accounts: Account[],
  users: User[],
  count = 250_000,
): void {
  // Cumulative activity weights, so each event picks a user in proportion to their activity.
  const cumulative = new Float64Array(users.length);
  let total = 0;
  users.forEach((user, index) => {
    total += user.activity * Math.max(1, (user.activeUntil - user.createdAt) / DAY);
    cumulative[index] = total;
  });
  const userOf = new Int32Array(count);
  const timeOf = new Int32Array(count);
  const typeOf = new Uint8Array(count);
  const clientOf = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const roll = random.next() * total;
    let lo = 0;
    let hi = users.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= roll) lo = mid + 1;
      else hi = mid;
    }
    const user = users[lo]!;
    const account = accounts[user.accountIndex]!;
    userOf[i] = lo;
    timeOf[i] = localWorkingTime(
      random,
      user.createdAt,
      Math.min(user.activeUntil, WINDOW_END),
      account.country.utcOffset,
    );
    typeOf[i] = random.weighted(EVENT_WEIGHTS);
    clientOf[i] = random.weighted(CLIENT_WEIGHTS);
  }
  // Event ids follow time, as in a real event log.
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => timeOf[a]! - timeOf[b]! || a - b);
  order.forEach((i, position) => {
    const user = users[userOf[i]!]!;
    emit('events', [
      position + 1,
      user.id,
      accounts[user.accountIndex]!.id,
      EVENT_TYPES[typeOf[i]!],
      iso(timeOf[i]!),
      CLIENTS[clientOf[i]!],
    ]);
  });
}

export function generateTickets(
  random: Random,
  emit: Emit,
  accounts: Account[],
  users: User[],
  employees: Employee[],
  count = 8000,
): void {
  const support = employees
    .filter((employee) => employee.department === 'support')
    .map((employee) => employee.id);
  const weighted = accounts
    .filter((account) => account.users.length > 0)
    .map((account) => [account, account.users.length + 3] as const);
  const tickets: Array<{ opened: number; row: unknown[] }> = [];
  for (let i = 0; i < count; i++) {
    const account = random.weighted(weighted);
    const until = account.deletedAt ?? WINDOW_END;
    const opened = localWorkingTime(random, account.createdAt + DAY, until, account.country.utcOffset);
    const opener = random.chance(0.04) ? null : users[random.pick(account.users)]!.id;
    const priority = random.weighted([
      ['low', 25],
      ['normal', 55],
      ['high', 15],
      ['urgent', 5],
    ] as const);
    const age = WINDOW_END - opened;
    const resolved = age > 10 * DAY ? random.chance(0.97) : random.chance(0.45);
    const status = resolved
      ? random.weighted([
          ['solved', 30],
          ['closed', 70],
        ] as const)
      : random.weighted([
          ['open', 60],
          ['pending', 40],
        ] as const);
    const hours =
      priority === 'urgent'
        ? random.around(1, 12)
        : priority === 'high'
          ? random.around(2, 40)
          : random.around(4, 120);
    const solved = resolved ? Math.min(WINDOW_END, opened + Math.floor(hours * 3600)) : null;
    const score =
      resolved && random.chance(0.6)
        ? random.weighted([
            [5, 45],
            [4, 30],
            [3, 12],
            [2, 7],
            [1, 6],
          ] as const)
        : null;
    tickets.push({
      opened,
      row: [
        account.id,
        opener,
        status === 'open' && random.chance(0.3) ? null : random.pick(support),
        priority,
        status,
        random.weighted([
          ['email', 50],
          ['chat', 38],
          ['phone', 12],
        ] as const),
        iso(opened),
        solved === null ? null : iso(solved),
        score,
      ],
    });
  }
  tickets.sort((a, b) => a.opened - b.opened);
  tickets.forEach((ticket, index) => {
    emit('support_tickets', [index + 1, ...ticket.row]);
  });
}

export function generateAccountFeatures(random: Random, emit: Emit, accounts: Account[]): void {
  const perSegment = { smb: [1, 4], mid_market: [2, 5], enterprise: [4, 9] } as const;
  const features = FEATURES.map(([code], index) => [code, 15 - index] as const);
  for (const account of accounts) {
    const [min, max] = perSegment[account.segment];
    const wanted = random.int(min, max);
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < wanted && attempt < 40; attempt++)
      chosen.add(random.weighted(features));
    const until = account.deletedAt ?? WINDOW_END;
    for (const code of FEATURES.map(([featureCode]) => featureCode).filter((featureCode) =>
      chosen.has(featureCode),
    )) {
      const enabled =
        account.createdAt + Math.floor(random.skewed(0, Math.max(1, until - account.createdAt - 3600), 2));
      emit('account_features', [account.id, code, iso(enabled)]);
    }
  }
}

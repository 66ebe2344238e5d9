import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../src/model/build.js';
import type { RunResult, TransactionRecord } from '../../src/model/network.js';
import { N_ARRIVALS, N_FIELDS, T_APPROVED, T_ATTEMPTS, T_DECLINED, T_FIELDS, T_TIMED_OUT } from '../../src/model/stats.js';
import { R_FOUR_PARTY, R_THREE_PARTY, R_THREE_PARTY_BANK } from '../../src/model/routes.js';
import { parsedScenario, runWithRows } from '../helpers/network-run.js';
import { parseScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import { CHANNELS } from '../../src/scenario/types.js';
import { US_PER_DAY } from '../../src/engine/time.js';

/** A small CNY city with two wallets and a clearing house; `networks` replaces the section's body. */
function yaml(networks: string, extra = ''): string {
  return `name: qr-test
seed: 3
start: "2018-06-01T00:00:00+08:00"
duration: 2d
bucket: 1h
currency: CNY
cards: { count: 1500, active_share: 0.9 }
issuers: { count: 3, names: [ICBC, CCB, BOC], host: { servers: 8, service: { dist: lognormal, mean: 100ms, sigma: 0.5 } } }
acquirers: { count: 2, host: { servers: 8, service: { dist: lognormal, mean: 40ms, sigma: 0.3 } } }
switch: { name: UnionPay, host: { servers: 16, service: { dist: lognormal, mean: 60ms, sigma: 0.3 } } }
merchants:
  terminals: 200
  capabilities: { chip: 1.0, contactless: 0.8, nfc_token: 0.3, qr: 0.3 }
  categories:
    - { name: grocery, mcc: 5411, share: 1.0, ticket: { dist: lognormal, mean: 150, sigma: 1.1 } }
demand: { per_card_per_day: 6 }
networks:
${networks}
${extra}`;
}

const TWO_WALLETS = `  platforms:
    - { name: walleta, share: 0.4, bank_funded_share: 0.5 }
    - { name: walletb, share: 0.3, bank_funded_share: 0.5 }
  clearing_house: { name: netsunion }
  no_cvm_limit: 300`;

const scenario = (text: string): Scenario => parsedScenario(text, 'qr.yaml');

const run = runWithRows;

/** Arrivals at host h over the run. */
function arrivals(r: RunResult, h: number): number {
  let n = 0;
  for (let b = 0; b < r.buckets; b++) n += r.nodes[(b * r.hosts.length + h) * N_FIELDS + N_ARRIVALS]!;
  return n;
}
const hostNamed = (r: RunResult, role: string, name?: string): number => r.hosts.findIndex((h) => h.role === role && (name === undefined || h.name === name));

describe('three-party routes', () => {
  it('a wallet payment never reaches the switch; a bank-funded one reaches the clearing house and the issuer', () => {
    const all = (bank: number): Scenario => scenario(yaml(`  platforms:\n    - { name: walleta, share: 1, bank_funded_share: ${bank} }\n  clearing_house: { name: netsunion }`));
    const balance = run(all(0)).r;
    const bank = run(all(1)).r;
    const sw = hostNamed(balance, 'switch');
    expect(balance.transactions).toBeGreaterThan(1000);
    expect(arrivals(balance, sw)).toBe(0);
    expect(arrivals(balance, hostNamed(balance, 'clearing_house'))).toBe(0);
    expect(arrivals(balance, hostNamed(balance, 'platform'))).toBe(balance.transactions);
    const issuerArrivals = (r: RunResult): number => r.hosts.reduce((a, h, i) => a + (h.role === 'issuer' ? arrivals(r, i) : 0), 0);
    expect(issuerArrivals(balance)).toBe(0);
    expect(arrivals(bank, hostNamed(bank, 'switch'))).toBe(0);
    // Every bank-funded payment within the PBOC limits goes on to the clearing house and the issuer.
    const ql = bank.codes.indexOf('QL');
    let limited = 0;
    for (let b = 0; b < bank.buckets; b++) limited += bank.declines[b * bank.codes.length + ql]!;
    expect(arrivals(bank, hostNamed(bank, 'platform'))).toBe(bank.transactions);
    expect(arrivals(bank, hostNamed(bank, 'clearing_house'))).toBe(bank.transactions - limited);
    expect(issuerArrivals(bank)).toBe(bank.transactions - limited);
    // The issuer decides as on the card route: some payments are declined 51 for want of funds.
    const c51 = bank.codes.indexOf('51');
    let short = 0;
    for (let b = 0; b < bank.buckets; b++) short += bank.declines[b * bank.codes.length + c51]!;
    expect(short).toBeGreaterThan(0);
  });

  it('each purchase ends once in its bucket across all routes, with faults on the platform and the clearing house', () => {
    const faults = `faults:
  - { kind: host_down, host: "platform:walleta", from: 6h, to: 7h, hung: true }
  - { kind: host_down, host: "platform:walletb", from: 8h, to: 9h }
  - { kind: host_down, host: clearing_house, from: 10h, to: 11h, hung: true }
  - { kind: host_down, host: "issuer:CCB", from: 12h, to: 13h }`;
    const { r, rows } = run(scenario(yaml(TWO_WALLETS, faults)));
    for (let b = 0; b < r.buckets; b++) {
      const t = (k: number): number => r.throughput[b * T_FIELDS + k]!;
      expect(t(T_ATTEMPTS)).toBe(t(T_APPROVED) + t(T_DECLINED) + t(T_TIMED_OUT));
    }
    expect(rows.length).toBe(r.transactions);
    const routes = new Set(rows.map((x) => x.route));
    expect([...routes].sort()).toEqual([R_FOUR_PARTY, R_THREE_PARTY, R_THREE_PARTY_BANK]);
    // The hung platform leaves its payments to the terminal's timer; the refused one declines 91.
    const inWindow = (x: TransactionRecord, h: number): boolean => x.startUs >= h * 3.6e9 + 1e6 && x.startUs < (h + 1) * 3.6e9 - 40e6;
    const hungA = rows.filter((x) => x.route !== R_FOUR_PARTY && x.platform === 0 && inWindow(x, 6));
    expect(hungA.length).toBeGreaterThan(0);
    for (const x of hungA) expect(x.outcome).toBe(2);
    const refusedB = rows.filter((x) => x.route !== R_FOUR_PARTY && x.platform === 1 && inWindow(x, 8));
    expect(refusedB.length).toBeGreaterThan(0);
    for (const x of refusedB) expect(x.code).toBe('91');
  });

  it('per customer and day, approved static-QR spend stays within the PBOC limit; without the limit it does not', () => {
    const statics = (limits: string): Map<string, number> => {
      const { rows } = run(scenario(yaml(`  platforms:\n    - { name: walleta, share: 0.9, dynamic_share: 0 }\n  qr_limits: { ${limits} }`)));
      const spend = new Map<string, number>();
      for (const x of rows) {
        if (x.route === R_FOUR_PARTY || x.outcome !== 0) continue;
        const key = `${x.card}/${Math.floor(x.startUs / US_PER_DAY)}`;
        spend.set(key, (spend.get(key) ?? 0) + x.amountMinor);
      }
      return spend;
    };
    const limited = Math.max(...statics('enabled: true, static_per_day: 500').values());
    expect(limited).toBeLessThanOrEqual(50_000);
    expect(Math.max(...statics('enabled: false').values())).toBeGreaterThan(50_000);
  });

  it('a dynamic code is limited by the customer class (C: 1,000 a day), class A is unlimited', () => {
    const { rows, r } = run(scenario(yaml(`  platforms:\n    - { name: walleta, share: 0.9, dynamic_share: 1 }\n  qr_limits: { class_shares: { a: 0, b: 0, c: 1 } }`)));
    const spend = new Map<number, number>();
    for (const x of rows) if (x.route !== R_FOUR_PARTY && x.outcome === 0 && x.startUs < US_PER_DAY) spend.set(x.card, (spend.get(x.card) ?? 0) + x.amountMinor);
    expect(Math.max(...spend.values())).toBeLessThanOrEqual(100_000);
    expect(rows.some((x) => x.code === 'QL')).toBe(true);
    const unlimited = run(scenario(yaml(`  platforms:\n    - { name: walleta, share: 0.9, dynamic_share: 1 }\n  qr_limits: { class_shares: { a: 1, b: 0, c: 0 } }`)));
    expect(unlimited.rows.some((x) => x.code === 'QL')).toBe(false);
    expect(r.codes).toContain('QL');
  });

  it('above the no-CVM limit a card contactless purchase is made on the chip; below it contactless stays', () => {
    const { rows } = run(scenario(yaml(TWO_WALLETS)));
    const contactless = rows.filter((x) => CHANNELS[x.channel] === 'contactless');
    expect(contactless.length).toBeGreaterThan(100);
    expect(Math.max(...contactless.map((x) => x.amountMinor))).toBeLessThanOrEqual(30_000);
    expect(rows.some((x) => CHANNELS[x.channel] === 'chip' && x.amountMinor > 30_000)).toBe(true);
    // Wallet payments are QR payments on the three-party route.
    for (const x of rows) if (x.route !== R_FOUR_PARTY) expect(CHANNELS[x.channel]).toBe('qr');
  });

  it('without a networks section nothing changes: one route, no platform hosts, no QL code', () => {
    const text = yaml(TWO_WALLETS).replace(/networks:[\s\S]*$/, '');
    const { r, rows } = run(scenario(text));
    expect(r.hosts.some((h) => h.role === 'platform' || h.role === 'clearing_house')).toBe(false);
    expect(r.codes).not.toContain('QL');
    expect(rows.every((x) => x.route === R_FOUR_PARTY)).toBe(true);
  });
});

describe('the platforms\' books', () => {
  it('price every approved wallet payment by hand: principal by funding, merchant fee (standard and promotional), clearing fee, subsidies, float', () => {
    const fees = '{ merchant_fee: 0.006, promotional_fee: 0.0038, promotional_share: 0.3, clearing_fee: 0.0005, cashback: 0.01, merchant_subsidy: 0.05, float_rate: 0.02, balance_hold_days: 3 }';
    const sc = scenario(yaml(`  platforms:\n    - { name: walleta, share: 0.5, bank_funded_share: 0.5, fees: ${fees} }\n    - { name: walletb, share: 0.3 }`));
    const { r, rows } = run(sc);
    const books = r.platformBooks!;
    books.verify();
    const half = (n: number, d: number): number => {
      const q = Math.floor(n / d);
      const rem = n - q * d;
      return rem * 2 > d || (rem * 2 === d && q % 2 === 1) ? q + 1 : q;
    };
    const ppm = (x: number, rate: number): number => half(x * rate, 1_000_000);
    const wallet = rows.filter((x) => x.route !== R_FOUR_PARTY && x.outcome === 0 && x.platform === 0);
    expect(wallet.length).toBeGreaterThan(500);
    const bank = wallet.filter((x) => x.route === R_THREE_PARTY_BANK);
    const sumOf = (xs: TransactionRecord[], f: (x: TransactionRecord) => number): number => xs.reduce((a, x) => a + f(x), 0);
    const dayRows = books.dayRows().filter((d) => d.platform === 'walleta');
    const col = (k: number): number => dayRows.reduce((a, d) => a + d.kindMinor[k]!, 0);
    expect(col(1)).toBe(sumOf(bank, (x) => x.amountMinor));
    expect(col(0)).toBe(sumOf(wallet, (x) => x.amountMinor) - col(1));
    expect(col(3)).toBe(sumOf(bank, (x) => ppm(x.amountMinor, 500)));
    expect(col(4)).toBe(sumOf(wallet, (x) => ppm(x.amountMinor, 10_000)));
    expect(col(5)).toBe(wallet.length * 5);
    // Merchant fees: each payment at 0.60 % or at the promotional 0.38 %; about 30 % of merchants promotional.
    const standard = sumOf(wallet, (x) => ppm(x.amountMinor, 6000));
    const promo = sumOf(wallet, (x) => ppm(x.amountMinor, 3800));
    // The standard (kind 2) and the promotional (kind 7) merchant fees.
    const merchantFees = col(2) + col(7);
    expect(merchantFees).toBeLessThan(standard);
    expect(merchantFees).toBeGreaterThan(promo);
    expect((standard - merchantFees) / (standard - promo)).toBeGreaterThan(0.15);
    expect((standard - merchantFees) / (standard - promo)).toBeLessThan(0.45);
    // The float: 2 % a year on (net held 1 day + balance spent after 3 days), day by day.
    for (const d of dayRows) {
      const held = d.valueMinor - d.kindMinor[2]! - d.kindMinor[7]! + 3 * d.kindMinor[0]!;
      expect(d.kindMinor[6]).toBe(half(held * 20_000, 365 * 1_000_000));
    }
    expect(sumOf(wallet, () => 1)).toBe(dayRows.reduce((a, d) => a + d.payments, 0));
    // A platform with the defaults: 0.60 %, no subsidies.
    const b = books.dayRows().filter((d) => d.platform === 'walletb');
    const bRows = rows.filter((x) => x.route !== R_FOUR_PARTY && x.outcome === 0 && x.platform === 1);
    expect(b.reduce((a, d) => a + d.kindMinor[2]! + d.kindMinor[7]!, 0)).toBe(sumOf(bRows, (x) => ppm(x.amountMinor, 6000)));
    expect(b.reduce((a, d) => a + d.kindMinor[4]! + d.kindMinor[5]!, 0)).toBe(0);
  });
});

describe('instrument choice', () => {
  const choice = (body: string): Scenario => scenario(yaml(`  platforms:\n    - { name: walleta }\n    - { name: walletb }\n  choice:\n${body}`));
  const counts = (r: RunResult): number[] => {
    const n = 3;
    const c = [0, 0, 0];
    const days = r.choiceDays!;
    for (let k = 0; k < days.length / 2; k++) c[k % n]! += days[k * 2]!;
    return c;
  };

  it('with full acceptance and everyone holding both wallets, the shares match the logit closed form within a 99 % interval', () => {
    for (const [u, body] of [
      [[0, 0, 0], '    portfolios: [{ wallets: [walleta, walletb], share: 1 }]'],
      [[0, 1, 0.5], '    utilities: { card: 0, walleta: 1, walletb: 0.5 }\n    portfolios: [{ wallets: [walleta, walletb], share: 1 }]'],
    ] as const) {
      const c = counts(run(choice(body)).r);
      const n = c.reduce((a, x) => a + x, 0);
      expect(n).toBeGreaterThan(10_000);
      const z = u.map((x) => Math.exp(x));
      const sum = z.reduce((a, x) => a + x, 0);
      c.forEach((k, i) => {
        const p = z[i]! / sum;
        expect(Math.abs(k / n - p)).toBeLessThan(2.576 * Math.sqrt((p * (1 - p)) / n));
      });
    }
  });

  it('a consumer pays only with a wallet it holds at a merchant that accepts it; the intents are the same whatever the utilities (common random numbers)', () => {
    const body = '    portfolios: [{ wallets: [walleta], share: 0.5 }, { wallets: [], share: 0.5 }]\n    acceptance: { walleta: 0.5 }';
    const sa = choice(body);
    const a = run(sa);
    const b = run(choice(`${body}\n    utilities: { walleta: 2 }`));
    expect(counts(a.r)[2]).toBe(0);
    const net = buildWorld(sa, { seed: sa.seed }).networks!;
    const held = net.heldBy!.reduce((n, m) => n + (m & 1), 0);
    const accepting = net.acceptedBy!.reduce((n, m) => n + (m & 1), 0);
    expect(held / sa.cards.count).toBeGreaterThan(0.45);
    expect(held / sa.cards.count).toBeLessThan(0.55);
    expect(accepting / net.acceptedBy!.length).toBeGreaterThan(0.35);
    expect(accepting / net.acceptedBy!.length).toBeLessThan(0.65);
    for (const x of [...a.rows, ...b.rows]) {
      if (x.route !== R_FOUR_PARTY) expect((net.heldBy![x.card]! & net.acceptedBy![x.merchant]! & 1) === 1).toBe(true);
    }
    expect(counts(b.r)[1]).toBeGreaterThan(counts(a.r)[1]! * 1.5);
    const intents = (rows: TransactionRecord[]): string[] => rows.map((x) => `${x.startUs}/${x.card}/${x.terminal}/${x.amountMinor}`).sort();
    expect(intents(b.rows)).toEqual(intents(a.rows));
  });
});

describe('the networks section', () => {
  const errors = (text: string): string[] => parseScenario(text, 'qr.yaml').errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.path}: ${e.message}`);

  it('refuses a negative limit, class shares that do not sum to 1, platform shares above 1, a duplicate platform, with file:line:column', () => {
    expect(errors(yaml(`  platforms:\n    - { name: walleta, share: 0.5 }\n  qr_limits: { static_per_day: -5 }`))[0]).toMatch(/^qr\.yaml:\d+:\d+: networks\.qr_limits\.static_per_day: /);
    expect(errors(yaml(`  platforms:\n    - { name: walleta, share: 0.5 }\n  qr_limits: { class_shares: { a: 0.5, b: 0.5, c: 0.5 } }`))).toEqual([
      expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.qr_limits\.class_shares: .*sum to 1\.5/),
    ]);
    expect(errors(yaml(`  platforms:\n    - { name: walleta, share: 0.7 }\n    - { name: walletb, share: 0.6 }`))).toEqual([
      expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.platforms: .*sum to 1\.3.*at most 1/),
    ]);
    expect(errors(yaml(`  platforms:\n    - { name: walleta, share: 0.2 }\n    - { name: walleta, share: 0.2 }`))).toEqual([
      expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.platforms\[1\]\.name: .*twice/),
    ]);
  });

  it('refuses non-finite utilities, unknown instruments, an instrument no merchant accepts, portfolio shares not summing to 1, a share beside choice', () => {
    const base = '  platforms:\n    - { name: walleta }\n    - { name: walletb }\n  choice:\n';
    const ports = '    portfolios: [{ wallets: [walleta, walletb], share: 1 }]\n';
    expect(errors(yaml(`${base}${ports}    utilities: { walleta: .inf }`))).toEqual([expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.choice\.utilities\.walleta: (expected a number; got \.inf|a utility must be a finite number)/)]);
    expect(errors(yaml(`${base}${ports}    utilities: { walet: 1 }`))).toEqual([expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.choice\.utilities\.walet: unknown instrument 'walet'.*walleta/)]);
    expect(errors(yaml(`${base}${ports}    acceptance: { walletb: 0 }`))).toEqual([expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.choice\.acceptance\.walletb: no merchant accepts 'walletb'/)]);
    expect(errors(yaml(`${base}    portfolios: [{ wallets: [walleta], share: 0.5 }, { wallets: [walletc], share: 0.2 }]`))).toEqual([
      expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.choice\.portfolios\[1\]\.wallets\[0\]: unknown platform 'walletc'/),
    ]);
    expect(errors(yaml(`${base}    portfolios: [{ wallets: [walleta], share: 0.5 }, { wallets: [], share: 0.2 }]`))).toEqual([
      expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.choice\.portfolios: the portfolio shares sum to 0\.7/),
    ]);
    expect(errors(yaml(`  platforms:\n    - { name: walleta, share: 0.2 }\n  choice:\n${ports}`))).toEqual([
      expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.platforms\[0\]\.share: a platform has no fixed share/),
    ]);
    expect(errors(yaml('  platforms:\n    - { name: walleta }'))).toEqual([expect.stringMatching(/^qr\.yaml:\d+:\d+: networks\.platforms\[0\]: .*needs a 'share'/)]);
  });

  it('names a fault host that is not a platform, with a suggestion', () => {
    const e = errors(yaml(`  platforms:\n    - { name: walleta, share: 0.5 }`, 'faults:\n  - { kind: host_down, host: "platform:waleta", from: 1h, to: 2h }'));
    expect(e).toEqual([expect.stringMatching(/^qr\.yaml:\d+:\d+: faults\[0\]\.host: .*platform:walleta/)]);
  });
});

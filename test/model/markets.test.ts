/**
 * Several markets in one scenario (`markets:`, `travellers:`): the cross-border time from
 * transactions.csv, the currencies and rates of the cross-border legs in ledger.csv, every
 * purchase and minor unit per market and currency, the visitors' rate, the new keys' errors,
 * and `sim verify` on the two shipped multi-market scenarios.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildWorld } from '../../src/model/build.js';
import { parseScenario } from '../../src/scenario/index.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-markets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Three markets with fixed latencies (no queue: every purchase of a pair of markets takes the same time); RU the hub with NSPK, KZ issuer-to-scheme over a 23.5 ms link (Moscow-Almaty 47 ms RTT, sources §8.2), BY with Belkart. */
const SCENARIO = `name: three-markets
seed: 11
start: "2019-06-03T00:00:00+03:00"
duration: 2d
bucket: 1h
currency: RUB
cards: { count: 6000, active_share: 0.6 }
issuers:
  count: 3
  names: [Moscow Bank, Almaty Bank, Minsk Bank]
  shares: [0.5, 0.3, 0.2]
  host: { servers: 64, service: { dist: fixed, value: 100ms } }
acquirers:
  count: 3
  names: [Moscow Acquiring, Almaty Acquiring, Minsk Acquiring]
  shares: [0.5, 0.3, 0.2]
  host: { servers: 64, service: { dist: fixed, value: 40ms } }
switch:
  name: UnionPay
  host: { servers: 64, service: { dist: fixed, value: 80ms } }
links:
  terminal_acquirer: { dist: fixed, value: 80ms }
  acquirer_switch: { dist: fixed, value: 30ms }
  switch_issuer: { dist: fixed, value: 30ms }
merchants:
  terminals: 600
  categories:
    - { name: grocery, mcc: 5411, share: 0.8, ticket: { dist: lognormal, mean: 600, sigma: 0.9 } }
    - { name: fuel, mcc: 5541, share: 0.2, ticket: { dist: lognormal, mean: 1250, sigma: 0.6 } }
demand:
  per_card_per_day: 0.5
  weekly: [1, 1, 1, 1, 1, 1, 1]
declines: none
fees:
  model: ru-2019
  fx:
    rates: { "KZT/RUB": 0.17, "BYN/RUB": 31 }
markets:
  - { name: Russia, currency: RUB, utc_offset: "+03:00", issuers: [Moscow Bank], acquirers: [Moscow Acquiring], processor: NSPK }
  - { name: Kazakhstan, currency: KZT, utc_offset: "+06:00", issuers: [Almaty Bank], acquirers: [Almaty Acquiring], link: { dist: fixed, value: 23500us } }
  - { name: Belarus, currency: BYN, utc_offset: "+03:00", issuers: [Minsk Bank], acquirers: [Minsk Acquiring], processor: Belkart, link: { dist: fixed, value: 5ms } }
travellers:
  - { from: Kazakhstan, to: Russia, share: 0.1, purchases_per_day: 2, ticket: { dist: lognormal, mean: 3500, sigma: 0.8 } }
  - { from: Russia, to: Belarus, share: 0.05, purchases_per_day: 2, ticket: { dist: lognormal, mean: 3500, sigma: 0.8 } }
  - { from: Russia, to: Kazakhstan, share: 0.02, purchases_per_day: 1, ticket: { dist: fixed, value: 2000 } }
`;

const MARKET_OF: Record<string, string> = {
  'Moscow Bank': 'Russia', 'Moscow Acquiring': 'Russia', 'Almaty Bank': 'Kazakhstan', 'Almaty Acquiring': 'Kazakhstan', 'Minsk Bank': 'Belarus', 'Minsk Acquiring': 'Belarus',
};
const CURRENCY: Record<string, string> = { Russia: 'RUB', Kazakhstan: 'KZT', Belarus: 'BYN' };
/** Units of the market's currency per RUB. */
const PER_RUB: Record<string, number> = { RUB: 1, KZT: 1 / 0.17, BYN: 1 / 31 };

type Row = Record<string, string>;
function csv(dir: string, file: string): Row[] {
  const [head, ...lines] = readFileSync(join(dir, file), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}
const minor = (x: string): number => Math.round(Number(x) * 100);

async function run(args: string[], out: string): Promise<void> {
  const io = captureIo();
  expect(await main(['run', ...args, '--out', out, '--quiet'], io), io.stderr()).toBe(0);
}

const file = join(work, 'three-markets.yaml');
writeFileSync(file, SCENARIO);
const dir = join(work, 'three');
const ready = run([file, '--transactions', '--ledger'], dir);

describe('several markets', () => {
  it('a purchase over the Moscow-Almaty link takes the link each way more than a domestic one (transactions.csv)', async () => {
    await ready;
    const tx = csv(dir, 'transactions.csv');
    const latency = new Map<string, Set<string>>();
    for (const t of tx) {
      const k = `${MARKET_OF[t['issuer']!]}>${MARKET_OF[t['acquirer']!]}`;
      if (!latency.has(k)) latency.set(k, new Set());
      latency.get(k)!.add(t['latency_ms']!);
    }
    const only = (k: string): number => {
      const s = [...latency.get(k)!];
      expect(s, k).toHaveLength(1); // fixed latencies, no queue: one time per pair of markets
      return Number(s[0]);
    };
    const domestic = only('Russia>Russia');
    // A Kazakh card in Moscow: Almaty's link once each way (47 ms, the round trip of sources §8.2).
    expect(only('Kazakhstan>Russia') - domestic).toBeCloseTo(47, 6);
    // Russian cards in Almaty: the same link; Kazakh cards in Almaty (issuer-to-scheme): twice.
    expect(only('Russia>Kazakhstan') - domestic).toBeCloseTo(47, 6);
    expect(only('Kazakhstan>Kazakhstan') - domestic).toBeCloseTo(94, 6);
    // Belarus has a domestic processor: its own purchases stay there; Russian visitors take Minsk's 5 ms link.
    expect(only('Belarus>Belarus') - domestic).toBeCloseTo(0, 6);
    expect(only('Russia>Belarus') - domestic).toBeCloseTo(10, 6);
  });

  it("books each side of a cross-border purchase in its market's currency at the scenario's rates (ledger.csv, settlement.csv)", async () => {
    await ready;
    const ledger = csv(dir, 'ledger.csv');
    const party = (account: string): string => account.replace(/^(cardholders|merchants) of /, '');
    let pairs = 0;
    for (let i = 0; i < ledger.length; i++) {
      const g = ledger[i]!;
      if (g['kind'] !== 'purchase_issuer_leg') continue;
      const a = ledger[i + 1]!;
      expect(a['kind']).toBe('purchase_acquirer_leg');
      const issCur = CURRENCY[MARKET_OF[party(g['debit_account']!)]!]!;
      const acqCur = CURRENCY[MARKET_OF[party(a['credit_account']!)]!]!;
      expect(g['currency']).toBe(issCur);
      expect(a['currency']).toBe(acqCur);
      expect(issCur).not.toBe(acqCur);
      // The issuer's amount is the merchant's converted at the rates (through RUB), within a minor unit each way.
      const expected = (Number(a['amount']) * PER_RUB[issCur]!) / PER_RUB[acqCur]!;
      expect(Math.abs(Number(g['amount']) - expected)).toBeLessThanOrEqual(0.011 * Math.max(1, PER_RUB[issCur]! / PER_RUB[acqCur]!));
      pairs++;
    }
    expect(pairs).toBeGreaterThan(100);
    // Every participant settles in its market's currency; the FX account and the scheme in several.
    for (const s of csv(dir, 'settlement.csv')) {
      if (s['participant_type'] === 'fx' || s['participant_type'] === 'scheme') continue;
      expect(s['currency'], `${s['participant_type']} ${s['participant']}`).toBe(CURRENCY[MARKET_OF[s['participant']!]!]);
    }
    // fees.csv: the acquirers' fees in each acquirer currency.
    const feeCurrencies = new Set(csv(dir, 'fees.csv').filter((f) => f['fee_type'] === 'merchant_discount').map((f) => f['currency']));
    expect([...feeCurrencies].sort()).toEqual(['BYN', 'KZT', 'RUB']);
  });

  it('keeps every purchase and every minor unit per market and currency (markets.csv, transactions.csv, ledger.csv, settlement.csv)', async () => {
    await ready;
    const tx = csv(dir, 'transactions.csv');
    const mk = csv(dir, 'markets.csv');
    const ledger = csv(dir, 'ledger.csv');
    for (const m of ['Russia', 'Kazakhstan', 'Belarus']) {
      const rows = mk.filter((r) => r['market'] === m);
      const total = (k: string): number => rows.reduce((s, r) => s + Number(r[k]), 0);
      const at = tx.filter((t) => MARKET_OF[t['acquirer']!] === m);
      expect(total('purchases'), m).toBe(at.length);
      expect(total('cross_border'), m).toBe(at.filter((t) => MARKET_OF[t['issuer']!] !== m).length);
      expect(total('abroad'), m).toBe(tx.filter((t) => MARKET_OF[t['issuer']!] === m && MARKET_OF[t['acquirer']!] !== m).length);
      expect(total('cleared'), m).toBe(at.filter((t) => t['outcome'] === 'approved').length);
      // The cleared value in the market's currency is what its merchants were credited in the ledger.
      const credited = ledger
        .filter((g) => (g['kind'] === 'purchase' || g['kind'] === 'purchase_acquirer_leg') && MARKET_OF[g['credit_account']!.replace('merchants of ', '')] === m)
        .reduce((s, g) => s + minor(g['amount']!), 0);
      expect(rows.reduce((s, r) => s + minor(r['cleared_value']!), 0), m).toBe(credited);
      expect(new Set(rows.map((r) => r['currency']))).toEqual(new Set([CURRENCY[m]]));
    }
    // Each cycle's interbank nets sum to zero in each currency, the FX account included.
    const nets = new Map<string, number>();
    for (const s of csv(dir, 'settlement.csv')) {
      if (s['participant_type'] === 'merchant') continue;
      const k = `${s['cycle']}/${s['currency']}`;
      nets.set(k, (nets.get(k) ?? 0) + minor(s['net_position']!));
    }
    expect(new Set([...nets.keys()].map((k) => k.split('/')[1]))).toEqual(new Set(['RUB', 'KZT', 'BYN']));
    for (const [k, v] of nets) expect(v, k).toBe(0);
  });

  it("gives each visitor flow its scenario's rate, within the 99 % interval", async () => {
    await ready;
    const sc = parseScenario(SCENARIO, file).scenario!;
    const cards = buildWorld(sc, { seed: sc.seed }).cards;
    const tx = csv(dir, 'transactions.csv');
    // Flat weekly profile and whole days: each flow's purchases are Poisson with mean share x active cards x rate x 2 days.
    const flows = [
      { from: 'Almaty Bank', issuer: 1, to: 'Russia', share: 0.1, perDay: 2 },
      { from: 'Moscow Bank', issuer: 0, to: 'Belarus', share: 0.05, perDay: 2 },
      { from: 'Moscow Bank', issuer: 0, to: 'Kazakhstan', share: 0.02, perDay: 1 },
    ];
    for (const f of flows) {
      const lambda = f.share * cards.activeCount[f.issuer]! * f.perDay * 2;
      const n = tx.filter((t) => t['issuer'] === f.from && MARKET_OF[t['acquirer']!] === f.to).length;
      expect(Math.abs(n - lambda), `${f.from} -> ${f.to}: ${n} against ${lambda}`).toBeLessThanOrEqual(2.576 * Math.sqrt(lambda));
    }
    // The fixed ticket of the third flow: each of its purchases is RUB 2,000.
    expect(new Set(tx.filter((t) => t['issuer'] === 'Moscow Bank' && MARKET_OF[t['acquirer']!] === 'Kazakhstan').map((t) => t['amount']))).toEqual(new Set(['2000.00']));
  });

  it('reports wrong market keys with file:line:column and the nearest name, exit 2', async () => {
    const bad = SCENARIO.replace('{ from: Kazakhstan, to: Russia,', '{ from: Kazakstan, to: Russia,').replace('acquirers: [Minsk Acquiring]', 'acquirers: [Minsk Acquirng]');
    const errors = parseScenario(bad, 'bad.yaml').errors.map((e) => `${e.line}:${e.column}: ${e.path}: ${e.message}`);
    expect(errors).toContainEqual(expect.stringMatching(/^\d+:\d+: travellers\[0\]\.from: unknown market 'Kazakstan'.*did you mean 'Kazakhstan'/));
    expect(errors).toContainEqual(expect.stringMatching(/^\d+:\d+: markets\[2\]\.acquirers\[0\]: unknown acquirer 'Minsk Acquirng'.*did you mean 'Minsk Acquiring'/));
    const missing = parseScenario(SCENARIO.replace('issuers: [Minsk Bank], ', ''), 'm.yaml').errors.map((e) => e.message);
    expect(missing).toContainEqual(expect.stringMatching(/issuer 'Minsk Bank' in no market/));
    const noRate = parseScenario(SCENARIO.replace(', "BYN/RUB": 31', ''), 'r.yaml').errors.map((e) => e.message);
    expect(noRate).toContainEqual(expect.stringMatching(/market 'Belarus' in BYN needs a rate/));
    const farEast = parseScenario(SCENARIO.replace('utc_offset: "+06:00"', 'utc_offset: "+15:00"'), 'z.yaml').errors.map((e) => `${e.path}: ${e.message}`);
    expect(farEast).toContainEqual(expect.stringMatching(/^markets\[1\]\.utc_offset: UTC offsets lie between/));
    const badFile = join(work, 'bad.yaml');
    writeFileSync(badFile, bad);
    const io = captureIo();
    expect(await main(['run', badFile, '--out', join(work, 'bad-out')], io)).toBe(2);
    expect(io.stderr()).toMatch(/bad\.yaml:\d+:\d+: travellers\[0\]\.from: unknown market 'Kazakstan'/);
    expect(io.stderr()).not.toMatch(/\n\s+at /);
  });

  it('books chargebacks, ATM withdrawals and fraud write-offs in each market\'s currency, and the books balance', async () => {
    const all = SCENARIO.replace(
      '    - { name: fuel, mcc: 5541, share: 0.2,',
      '    - { name: ecommerce, mcc: 5399, share: 0.1, ticket: { dist: lognormal, mean: 1800, sigma: 1.0 }, card_not_present: true }\n    - { name: fuel, mcc: 5541, share: 0.1,',
    ).replace(
      'declines: none\n',
      `declines: none
clearing:
  chargebacks: { share: 0.05, delay: { dist: fixed, value: 2h } }
atm:
  acquirers: { Moscow Acquiring: 50, Almaty Acquiring: 30, Minsk Acquiring: 10 }
  debit: { per_card_per_day: 0.05, amount: { dist: lognormal, mean: 5000, sigma: 0.5 } }
  credit: { per_card_per_day: 0.02, amount: { dist: lognormal, mean: 5000, sigma: 0.5 } }
  fees: { interchange: 20, off_us: { rate: 0.01, min: 100 } }
fraud:
  card_testing: { episodes_per_million_cards_per_day: 0 }
  cnp_takeover: { episodes_per_million_cards_per_day: 0 }
  lost_stolen: { episodes_per_million_cards_per_day: 500, attempts: 5, window: 3h, ticket: { dist: lognormal, mean: 900, sigma: 0.3 }, detection: 0.3, label_delay: 2h }
  friendly: { episodes_per_million_cards_per_day: 500, attempts: 1, window: 1m, ticket: { dist: lognormal, mean: 1800, sigma: 1.0 }, detection: 0, label_delay: 3h }
`,
    );
    const f = join(work, 'all.yaml');
    writeFileSync(f, all);
    const out = join(work, 'all');
    // The run proves the ledger and settlement invariants per currency at its end (exit 0).
    await run([f, '--ledger'], out);
    const seen = new Set(csv(out, 'ledger.csv').map((g) => `${g['kind']}/${g['currency']}`));
    for (const k of ['chargeback', 'chargeback_issuer_leg', 'atm_withdrawal', 'atm_withdrawal_issuer_leg', 'fraud_write_off']) {
      for (const c of ['KZT', 'BYN']) if (k !== 'chargeback_issuer_leg' || c === 'KZT') expect(seen.has(`${k}/${c}`), `${k} in ${c}`).toBe(true);
    }
    const io = captureIo();
    expect(await main(['verify', out], io), io.stdout() + io.stderr()).toBe(0);
  });

  it('a scenario without markets writes no markets.csv', async () => {
    const plain = join(work, 'plain');
    await run(['scenarios/smoke.yaml'], plain);
    expect(() => readFileSync(join(plain, 'markets.csv'))).toThrow();
  });
});

describe('the shipped multi-market scenarios', () => {
  for (const [name, args] of [
    ['eastern-europe', ['scenarios/eastern-europe.yaml', '--duration', '12h']],
    ['china-outbound', ['scenarios/china-outbound.yaml', '--duration', '12h']],
  ] as const) {
    it(`${name}: runs, settles in every market's currency, and sim verify passes on its run directory`, async () => {
      const out = join(work, name);
      await run([...args], out);
      const mk = csv(out, 'markets.csv');
      const currencies = new Set(mk.map((r) => r['currency']));
      const settled = new Set(csv(out, 'settlement.csv').map((r) => r['currency']));
      for (const c of currencies) expect(settled.has(c), c).toBe(true);
      expect(currencies.size).toBeGreaterThanOrEqual(5);
      const io = captureIo();
      expect(await main(['verify', out], io), io.stdout() + io.stderr()).toBe(0);
    });
  }
});

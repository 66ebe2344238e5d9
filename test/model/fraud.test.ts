import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../src/app/run.js';
import { KIND } from '../../src/economics/accounts.js';
import { BEARERS, FRAUD_ROWS, F_APPROVED, F_ATTEMPTS, F_CARDHOLDER, F_DETECTED, F_EPISODES, F_FIELDS, F_LOSS, F_SCORED, GENUINE_ROW } from '../../src/model/fraud-book.js';
import type { RunResult, TransactionRecord } from '../../src/model/network.js';
import { T_FIELDS, T_VALUE_APPROVED } from '../../src/model/stats.js';
import { parsedScenario, runWithRows } from '../helpers/network-run.js';
import { parseScenario } from '../../src/scenario/index.js';
import { CHANNEL_ECOMMERCE, FRAUD_TYPES, type Scenario } from '../../src/scenario/types.js';

/** A small rouble network, one currency, no random chargebacks; `fraud` is the section's body (or none). */
function yaml(fraud: string | undefined, extra = ''): string {
  return `name: fraud-test
seed: 11
start: "2018-12-20T00:00:00+03:00"
duration: 6h
bucket: 1h
currency: RUB
cards: { count: 4000, active_share: 0.8 }
issuers: { count: 2, names: [Alpha, Beta], host: { servers: 16, service: { dist: lognormal, mean: 100ms, sigma: 0.5 } } }
acquirers: { count: 2, names: [North, South], host: { servers: 16, service: { dist: lognormal, mean: 40ms, sigma: 0.3 } } }
switch: { name: UnionPay, host: { servers: 32, service: { dist: lognormal, mean: 60ms, sigma: 0.3 } } }
merchants:
  terminals: 400
  capabilities: { chip: 1.0, contactless: 0.7 }
  categories:
    - { name: grocery, mcc: 5411, share: 0.7, ticket: { dist: lognormal, mean: 600, sigma: 0.9 } }
    - { name: fuel, mcc: 5541, share: 0.2, ticket: { dist: lognormal, mean: 1250, sigma: 0.6 } }
    - { name: ecommerce, mcc: 5399, share: 0.1, ticket: { dist: lognormal, mean: 1800, sigma: 1.0 }, card_not_present: true }
demand: { per_card_per_day: 4 }
fees: { model: ru-2019, name: ru-2019 }
clearing: { chargebacks: { share: 0 } }
${fraud === undefined ? '' : `fraud:\n${fraud}`}
${extra}`;
}

/** High rates so that every typology has hundreds of episodes in 6 hours; label delays of seconds so the losses are booked inside the run. */
const HIGH = `  card_testing: { episodes_per_million_cards_per_day: 100000, attempts: 8, window: 10m, detection: 0.3, hit_rate: 0.25, label_delay: 1s }
  lost_stolen: { episodes_per_million_cards_per_day: 150000, attempts: 4, window: 30m, detection: 0.4, label_delay: 1s }
  counterfeit: { episodes_per_million_cards_per_day: 100000, attempts: 2, window: 20m, detection: 0.6, label_delay: 1s }
  cnp_takeover: { episodes_per_million_cards_per_day: 150000, attempts: 3, window: 30m, detection: 0.5, label_delay: 1s }
  friendly: { episodes_per_million_cards_per_day: 100000, attempts: 1, detection: 0, label_delay: 1s }
  three_ds_share: 0.4
  false_positive_rate: { card_present: 0.02, card_not_present: 0.05 }
  cardholder_liability: 500`;

const scenario = (text: string): Scenario => parsedScenario(text, 'fraud.yaml');

const run = runWithRows;

/** The same network with Beta settling in CNY (its write-offs convert; its chargebacks go through the FX account). */
function crossCurrency(fraud: string): string {
  return yaml(fraud)
    .replace('fees: { model: ru-2019, name: ru-2019 }', 'fees: { model: ru-2019, name: ru-2019, fx: { rates: { "CNY/RUB": 9.7 } } }')
    .replace('clearing: { chargebacks: { share: 0 } }', 'clearing: { chargebacks: { share: 0 }, settlement_currencies: { Beta: CNY } }');
}

/** A fraud.csv counter summed over days and bearers (bearer undefined) or for one bearer. */
function total(r: RunResult, row: number, field: number, bearer?: number): number {
  const d = r.fraud!;
  let s = 0;
  for (let at = 0; at < d.length; at += F_FIELDS) {
    const cell = at / F_FIELDS;
    const b = cell % BEARERS.length;
    const rw = Math.floor(cell / BEARERS.length) % FRAUD_ROWS;
    if (rw === row && (bearer === undefined || b === bearer)) s += d[at + field]!;
  }
  return s;
}

/** |x - mean| within z = 2.576 (99 %) standard deviations. */
function within99(x: number, mean: number, variance: number): void {
  expect(Math.abs(x - mean)).toBeLessThanOrEqual(2.576 * Math.sqrt(variance) + 1e-9);
}

const fraudSc = scenario(yaml(HIGH));
const on = run(fraudSc);

describe('labelled fraud: rates by typology', () => {
  it('episodes of each typology are within the 99 % Poisson interval of the scenario rate; attempts per episode within the geometric 99 % interval', () => {
    const cards = fraudSc.cards.count;
    const days = fraudSc.durationUs / 86_400e6;
    FRAUD_TYPES.forEach((t, i) => {
      const spec = fraudSc.fraud!.types[i]!;
      const lambda = (spec.episodesPerMillionCardsPerDay * cards * days) / 1e6;
      const episodes = total(on.r, i, F_EPISODES);
      expect(episodes, t).toBeGreaterThan(50);
      within99(episodes, lambda, lambda);
      // Geometric on 1, 2, ...: mean m, variance m (m - 1). Attempts cut off at the end of the run are few here.
      const m = spec.attempts;
      within99(total(on.r, i, F_ATTEMPTS) / episodes, m, (m * (m - 1)) / episodes);
    });
  });

  it('each row of transactions.csv is labelled with its typology, and the counts agree with the counters', () => {
    FRAUD_TYPES.forEach((_, i) => {
      expect(on.rows.filter((x) => x.fraudType === i).length).toBe(total(on.r, i, F_ATTEMPTS));
      const approved = on.rows.filter((x) => x.fraudType === i && x.outcome === 0);
      expect(approved.length).toBe(total(on.r, i, F_APPROVED));
      expect(approved.reduce((a, x) => a + x.amountMinor, 0)).toBe(total(on.r, i, F_LOSS));
    });
    const ct = on.rows.filter((x) => x.fraudType === 0);
    expect(ct.every((x) => x.channel === CHANNEL_ECOMMERCE)).toBe(true);
    // Card testing: most numbers are wrong (14), the hit rate 0.25 within its 99 % interval.
    const hits = ct.filter((x) => x.code !== '14').length;
    within99(hits / ct.length, 0.25, (0.25 * 0.75) / ct.length);
  });
});

describe('labelled fraud: the issuers score it', () => {
  it('detection of each typology and the false positives by channel are within their 99 % binomial intervals', () => {
    FRAUD_TYPES.forEach((t, i) => {
      const p = fraudSc.fraud!.types[i]!.detection;
      const n = total(on.r, i, F_SCORED);
      expect(n, t).toBeGreaterThan(50);
      within99(total(on.r, i, F_DETECTED) / n, p, (p * (1 - p)) / n);
    });
    // False positives: the genuine row counts all channels; split by channel from the records.
    const genuine = on.rows.filter((x) => x.fraudType < 0);
    const n = total(on.r, GENUINE_ROW, F_SCORED);
    const fp = total(on.r, GENUINE_ROW, F_DETECTED);
    expect(genuine.filter((x) => x.code === '59').length).toBe(fp);
    const cnp = genuine.filter((x) => x.channel === CHANNEL_ECOMMERCE && x.code === '59').length;
    const cnpShare = genuine.filter((x) => x.channel === CHANNEL_ECOMMERCE).length / genuine.length;
    const expected = n * (cnpShare * 0.05 + (1 - cnpShare) * 0.02);
    within99(fp, expected, expected);
    expect(cnp).toBeGreaterThan(0);
  });

  it('without a fraud section 59 stays a random draw and nothing is labelled; with one, the genuine purchases arrive exactly as without it', () => {
    const off = run(scenario(yaml(undefined)));
    expect(off.r.fraud).toBeUndefined();
    expect(off.rows.every((x) => x.fraudType === -1)).toBe(true);
    const intents = (rows: TransactionRecord[]): string[] => rows.filter((x) => x.fraudType < 0).map((x) => `${x.startUs}/${x.card}/${x.terminal}/${x.amountMinor}`).sort();
    expect(intents(on.rows)).toEqual(intents(off.rows));
  });
});

describe('labelled fraud: liability goes through the ledger', () => {
  it('issuer losses are written off to cardholders less their part (at most the limit per card), merchant losses are chargebacks; the ledger invariants hold', () => {
    const book = on.r.money!.books[0]!;
    const L = book.ledger;
    const end = fraudSc.durationUs;
    let issuerDue = 0;
    let merchantDue = 0;
    const borne = new Map<number, number>();
    // Approved attempts in finishing order: the cardholder part is taken in that order, up to RUB 500 per card.
    for (const x of on.rows) {
      if (x.fraudType < 0 || x.outcome !== 0) continue;
      const lostStolen = x.fraudType === 1;
      const merchant = x.fraudBearer === 1;
      // The liability rules: card testing, counterfeit fallback and friendly fraud the merchant; lost or stolen the issuer; takeovers either.
      if (x.fraudType === 0 || x.fraudType === 2 || x.fraudType === 4) expect(merchant).toBe(true);
      if (x.fraudType === 1) expect(merchant).toBe(false);
      let part = 0;
      if (lostStolen) {
        const b = borne.get(x.card) ?? 0;
        part = Math.max(0, Math.min(x.amountMinor, 50_000 - b));
        borne.set(x.card, b + part);
      }
      if (x.startUs + x.latencyUs + 1e6 >= end) continue;
      if (merchant) merchantDue += x.amountMinor;
      else issuerDue += x.amountMinor - part;
    }
    expect(issuerDue).toBeGreaterThan(0);
    expect(merchantDue).toBeGreaterThan(0);
    expect(L.kindTotal(KIND.fraud_write_off, 0)).toBe(issuerDue);
    expect(L.kindTotal(KIND.chargeback, 0)).toBe(merchantDue);
    expect(total(on.r, 1, F_CARDHOLDER)).toBe([...borne.values()].reduce((a, b) => a + b, 0));
    expect([...borne.values()].every((b) => b <= 50_000)).toBe(true);
    expect(() => book.verify()).not.toThrow();
    // 3-D Secure: the share of takeover episodes the issuer bears, within its 99 % interval.
    const ep = total(on.r, 3, F_EPISODES);
    within99(total(on.r, 3, F_EPISODES, 0) / ep, 0.4, (0.4 * 0.6) / ep);
  });
});

describe('labelled fraud across currencies', () => {
  it('an issuer settling in another currency writes its fraud losses off in that currency, and every invariant holds in both', () => {
    const { r } = run(scenario(crossCurrency(HIGH)));
    const book = r.money!.books[0]!;
    const cny = book.currencyIndex('CNY');
    expect(book.ledger.kindTotal(KIND.fraud_write_off, cny)).toBeGreaterThan(0);
    expect(book.ledger.kindTotal(KIND.fraud_write_off, book.currencyIndex('RUB'))).toBeGreaterThan(0);
    expect(() => book.verify()).not.toThrow();
  });
});

describe('fraud.csv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quartet-fraud-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `sc` into a directory and checks fraud.csv against transactions.csv. */
  async function agree(sc: Scenario, name: string): Promise<void> {
    const out = join(dir, name);
    await executeRun({ scenario: sc, seed: sc.seed, outDir: out, force: true, transactions: true, workers: 1 });
    const read = (f: string): Record<string, string>[] => {
      const [head, ...lines] = readFileSync(join(out, f), 'utf8').trim().split('\n');
      const cols = head!.split(',');
      return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
    };
    const fraud = read('fraud.csv');
    const tx = read('transactions.csv');
    const key = (day: string, type: string): string => `${day}/${type}`;
    const fromTx = new Map<string, { attempts: number; approved: number; detected: number }>();
    for (const t of tx) {
      if (t['is_fraud'] !== '1') continue;
      const k = key(String(Math.floor((Number(t['t_us']) + 3 * 3600e6) / 86_400e6)), t['fraud_type']!);
      const e = fromTx.get(k) ?? { attempts: 0, approved: 0, detected: 0 };
      e.attempts++;
      if (t['outcome'] === 'approved') e.approved++;
      if (t['response_code'] === '59') e.detected++;
      fromTx.set(k, e);
    }
    const fromCsv = new Map<string, { attempts: number; approved: number; detected: number }>();
    for (const f of fraud) {
      if (f['fraud_type'] === 'genuine') continue;
      const k = key(f['day']!, f['fraud_type']!);
      const e = fromCsv.get(k) ?? { attempts: 0, approved: 0, detected: 0 };
      e.attempts += Number(f['attempts']);
      e.approved += Number(f['approved']);
      e.detected += Number(f['detected']);
      fromCsv.set(k, e);
    }
    expect(fromCsv.size).toBeGreaterThan(FRAUD_TYPES.length - 1);
    expect(Object.fromEntries(fromCsv)).toEqual(Object.fromEntries(fromTx));
    expect(fraud.every((f) => (f['fraud_type'] === 'genuine') === (f['bearer'] === 'none'))).toBe(true);
  }

  it('agrees with transactions.csv by day and typology', async () => {
    await agree(fraudSc, 'run');
  });

  it('gives the calibration metric fraud_share_of_value: approved fraud value / approved value', async () => {
    const cal = 'calibration:\n  - { metric: fraud_share_of_value, value: 0.01, band: { absolute: 1 }, source: test }';
    const sc = scenario(yaml(HIGH, cal));
    const o = await executeRun({ scenario: sc, seed: sc.seed, outDir: join(dir, 'cal'), force: true, transactions: false });
    let value = 0;
    for (let b = 0; b < o.result.buckets; b++) value += o.result.throughput[b * T_FIELDS + T_VALUE_APPROVED]!;
    let loss = 0;
    FRAUD_TYPES.forEach((_, i) => (loss += total(o.result, i, F_LOSS)));
    expect(loss).toBeGreaterThan(0);
    expect(o.calibration!.values[0]).toBeCloseTo(loss / value, 12);
  });

  it('agrees with transactions.csv when the run is sharded (the shards\' counters are merged)', async () => {
    await agree(scenario(yaml(HIGH, 'shards: 2')), 'sharded');
  });
});

describe('the fraud section', () => {
  const errors = (text: string): string[] => parseScenario(text, 'fraud.yaml').errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.path}: ${e.message}`);

  it('refuses unknown keys with a suggestion, rates out of range, and a card-not-present typology without such a category, with file:line:column', () => {
    expect(errors(yaml('  card_testing: { hit_rat: 0.1 }'))[0]).toMatch(/^fraud\.yaml:\d+:\d+: fraud\.card_testing\.hit_rat: .*hit_rate/);
    expect(errors(yaml('  lost_stolen: { detection: 1.5 }'))[0]).toMatch(/^fraud\.yaml:\d+:\d+: fraud\.lost_stolen\.detection: /);
    expect(errors(yaml('  cnp_takeovr: {}'))[0]).toMatch(/^fraud\.yaml:\d+:\d+: fraud\.cnp_takeovr: .*cnp_takeover/);
    const noCnp = yaml('  counterfeit: {}').replace(/ *- \{ name: ecommerce.*\n/, '').replace('share: 0.7', 'share: 0.8');
    expect(errors(noCnp)).toEqual([
      expect.stringMatching(/^fraud\.yaml:\d+:\d+: fraud\.card_testing: card_testing fraud needs a card-not-present merchant category/),
      expect.stringMatching(/^fraud\.yaml:\d+:\d+: fraud\.cnp_takeover: /),
      expect.stringMatching(/^fraud\.yaml:\d+:\d+: fraud\.friendly: /),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { Network, type TransactionRecord } from '../../src/model/network.js';
import { OUTCOME_APPROVED, OUTCOME_TIMED_OUT } from '../../src/model/results.js';
import { R_FOUR_PARTY, R_THREE_PARTY_BANK } from '../../src/model/routes.js';
import { T_FIELDS, T_REVERSALS } from '../../src/model/stats.js';
import { parseScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';

/**
 * Every payment bank-funded through a slow clearing-house-to-issuer link (answers often come
 * back after the terminal's 30 s), and the clearing house hung for an hour: a timed-out payment
 * the issuer approved must be reversed platform -> clearing house -> issuer, and the funds given
 * back. Six hours of day 0: no income replenishes the cards.
 */
const TEXT = `name: wallet-reversal
seed: 5
start: "2018-06-01T00:00:00+08:00"
duration: 6h
bucket: 1h
currency: CNY
cards: { count: 800, active_share: 1, balance: { debit: { dist: lognormal, mean: 600, sigma: 0.5 }, credit: { dist: lognormal, mean: 900, sigma: 0.5 } } }
issuers: { count: 2, names: [ICBC, CCB], host: { servers: 8, service: { dist: lognormal, mean: 100ms, sigma: 0.5 } } }
acquirers: { count: 1, host: { servers: 8, service: { dist: lognormal, mean: 40ms, sigma: 0.3 } } }
switch: { name: UnionPay, host: { servers: 16, service: { dist: lognormal, mean: 60ms, sigma: 0.3 } } }
merchants:
  terminals: 100
  categories:
    - { name: grocery, mcc: 5411, share: 1.0, ticket: { dist: lognormal, mean: 150, sigma: 0.8 } }
demand: { per_card_per_day: 12 }
networks:
  platforms:
    - { name: walleta, share: 0.8, bank_funded_share: 1 }
  clearing_house: { name: netsunion }
  qr_limits: { enabled: false }
  links: { clearing_issuer: { dist: lognormal, mean: 14s, sigma: 0.4 } }
faults:
  - { kind: host_down, host: clearing_house, from: 2h, duration: 1h, hung: true }
`;

function scenario(): Scenario {
  const r = parseScenario(TEXT, 'wallet-reversal.yaml');
  expect(r.errors.map((e) => `${e.line}:${e.column}: ${e.path}: ${e.message}`)).toEqual([]);
  return r.scenario!;
}

describe('a timed-out bank-funded wallet payment', () => {
  it('is reversed through the clearing house to the issuer, which gives the funds back, during and after a clearing-house outage', () => {
    const sc = scenario();
    const rows: TransactionRecord[] = [];
    const net = new Network(sc, { seed: sc.seed, onTransaction: (t) => rows.push({ ...t }) });
    const r = net.run();
    const timedOut = rows.filter((x) => x.route === R_THREE_PARTY_BANK && x.outcome === OUTCOME_TIMED_OUT);
    expect(timedOut.length).toBeGreaterThan(50);
    let reversals = 0;
    for (let b = 0; b < r.buckets; b++) reversals += r.throughput[b * T_FIELDS + T_REVERSALS]!;
    expect(reversals).toBeGreaterThanOrEqual(timedOut.length);
    // Each card's funds: its standing balance less what was approved on it (card and bank-funded
    // wallet purchases); a timed-out payment the issuer had approved is given back.
    const spent = new Map<number, number>();
    for (const x of rows) {
      if (x.outcome !== OUTCOME_APPROVED || (x.route !== R_FOUR_PARTY && x.route !== R_THREE_PARTY_BANK)) continue;
      spent.set(x.card, (spent.get(x.card) ?? 0) + x.amountMinor);
    }
    const fresh = new Network(sc, { seed: sc.seed });
    let checked = 0;
    for (const card of new Set(rows.map((x) => x.card))) {
      fresh.cards.touch(card, 0);
      expect([card, net.cards.balanceOf(card)]).toEqual([card, fresh.cards.balanceOf(card) - (spent.get(card) ?? 0)]);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
    // The platforms' books hold only the approved payments: nothing to undo there.
    r.platformBooks!.verify();
  });
});

import { describe, expect, it } from 'vitest';
import { bassHazard, scheduleShare } from '../../src/model/acceptance.js';
import { acceptanceAtEnd, acceptanceOn, instrumentSharesOn } from '../../src/model/acceptance-shares.js';
import { runNetwork, type RunResult } from '../../src/model/network.js';
import { bassAfter } from '../../src/model/parties/token-service.js';
import { parseDate } from '../../src/scenario/dates.js';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';

/** A small CNY town: 2,000 merchants (one till each), two wallets chosen by logit; `adoption` is networks.adoption's body. */
function yaml(adoption: string, o: { feeA?: number; days?: number; demand?: number } = {}): string {
  return `name: acceptance-test
seed: 11
start: "2018-06-01T00:00:00+08:00"
duration: ${o.days ?? 30}d
bucket: 1d
currency: CNY
cards: { count: 3000 }
issuers: { count: 2, names: [ICBC, CCB] }
acquirers: { count: 1 }
merchants:
  terminals: 2000
  terminals_per_merchant: 1
  capabilities: { chip: 1.0, contactless: 0.4, qr: 0.3 }
  categories:
    - { name: food, mcc: 5812, share: 1.0, ticket: { dist: lognormal, mean: 50, sigma: 0.8 } }
demand: { per_card_per_day: ${o.demand ?? 0.02} }
networks:
  platforms:
    - { name: walleta, fees: { merchant_fee: ${o.feeA ?? 0.006} } }
    - { name: walletb }
  choice:
    utilities: { card: 0, walleta: 1, walletb: 0.8 }
    portfolios:
      - { wallets: [walleta, walletb], share: 0.5 }
      - { wallets: [walleta], share: 0.2 }
      - { wallets: [], share: 0.3 }
    acceptance: { walleta: 0.9, walletb: 0.8 }
  adoption:
${adoption}
`;
}

function scenario(text: string): Scenario {
  const r = parseScenario(text, 'acc.yaml');
  expect(r.errors.map(formatScenarioError)).toEqual([]);
  return r.scenario!;
}

const run = (text: string): RunResult => runNetwork(scenario(text), { seed: 11 });
const share = (r: RunResult, day: number, name: string): number => acceptanceOn(r, day).find((x) => x.instrument === name)!.share;
/** Half-width of a two-sided binomial interval (z = 3.9: 1e-4 per comparison) of a share f among n. */
const band = (f: number, n: number): number => 3.9 * Math.sqrt(Math.max(f * (1 - f), 1e-4) / n);

describe('merchant acceptance over time', () => {
  it('Bass: the accepting share follows the closed form F(t) from its start, within a binomial interval, day by day', () => {
    const r = run(yaml('    merchants:\n      unionpay_qr: { rule: bass, p: 0.002, q: 0.05 }'));
    const n = r.acceptance!.merchants;
    expect(n).toBe(2000);
    const f0 = share(r, 0, 'unionpay_qr');
    expect(Math.abs(f0 - 0.3)).toBeLessThan(band(0.3, n));
    for (let d = 1; d < 30; d++) {
      const f = bassAfter(f0, 0.002, 0.05, d);
      expect(Math.abs(share(r, d, 'unionpay_qr') - f), `day ${d}`).toBeLessThan(band(f, n));
    }
    // It moves: by day 29 about 19 points more merchants take UnionPay QR.
    expect(share(r, 29, 'unionpay_qr') - f0).toBeGreaterThan(0.15);
    // Bass never drops a merchant.
    for (let d = 1; d < 30; d++) expect(share(r, d, 'unionpay_qr')).toBeGreaterThanOrEqual(share(r, d - 1, 'unionpay_qr'));
  });

  it("Bass's daily chance is the closed form's: (F(t + 1) - F(t)) / (1 - F(t))", () => {
    expect(bassHazard(0, 0.002, 0.05)).toBeCloseTo(bassAfter(0, 0.002, 0.05, 1), 12);
    expect(bassHazard(0.5, 0.002, 0.05)).toBeCloseTo((bassAfter(0.5, 0.002, 0.05, 1) - 0.5) / 0.5, 12);
    expect(bassHazard(1, 0.002, 0.05)).toBe(0);
  });

  it('a schedule hits its shares: linear between its dates, flat outside, and the terminals follow', () => {
    const r = run(yaml('    merchants:\n      nfc:\n        rule: schedule\n        schedule: [{ date: "2018-06-05", share: 0.2 }, { date: "2018-06-25", share: 0.8 }]'));
    const n = r.acceptance!.merchants;
    const rule = { days: [parseDate('2018-06-05'), parseDate('2018-06-25')], shares: [0.2, 0.8] };
    for (let d = 0; d < 30; d++) {
      const s = scheduleShare(rule, parseDate('2018-06-01') + d);
      expect(Math.abs(share(r, d, 'nfc') - s), `day ${d}`).toBeLessThan(band(s, n));
    }
    expect(scheduleShare(rule, parseDate('2018-06-15'))).toBeCloseTo(0.5, 12);
    expect(share(r, 0, 'nfc')).toBe(share(r, 4, 'nfc'));
    expect(share(r, 25, 'nfc')).toBe(share(r, 29, 'nfc'));
  });

  it("the logit's direction: a dearer fee lowers acceptance, more holders raise it, and the choice follows acceptance", () => {
    const rule = (fee: number, demand: number): string => `    merchants:\n      walleta: { rule: logit, review: 1, constant: 1, fee_weight: ${fee}, demand_weight: ${demand} }`;
    const o = { days: 21, demand: 0.3 };
    const base = run(yaml(rule(-2, 0), o));
    const dear = run(yaml(rule(-2, 0), { ...o, feeA: 0.012 }));
    const wanted = run(yaml(rule(-2, 2), o));
    const n = base.acceptance!.merchants;
    // Everyone reviews daily: the share is the logit's probability (standard fee for all merchants).
    const p = (u: number): number => 1 / (1 + Math.exp(-u));
    expect(Math.abs(share(base, 5, 'walleta') - p(1 - 2 * 0.6))).toBeLessThan(band(p(-0.2), n));
    expect(Math.abs(share(dear, 5, 'walleta') - p(1 - 2 * 1.2))).toBeLessThan(band(p(-1.4), n));
    expect(Math.abs(share(wanted, 5, 'walleta') - p(1 - 1.2 + 2 * 0.7))).toBeLessThan(band(p(1.2), n));
    // The purchases see it: with fewer stickers, fewer purchases go to walleta.
    const sharesOf = (r: RunResult): number => instrumentSharesOn(r, 20).find((x) => x.instrument === 'walleta')!.share;
    expect(sharesOf(dear)).toBeLessThan(sharesOf(base) - 0.05);
    expect(sharesOf(wanted)).toBeGreaterThan(sharesOf(base) + 0.05);
  });

  it("raising a wallet's merchant fee never raises its acceptance share, day by day, on common random numbers", () => {
    const dyn = [
      '    merchants:',
      '      walleta: { rule: logit, review: 0.2, constant: 2, fee_weight: -2, demand_weight: 1 }',
      '      walletb: { rule: logit, review: 0.2, constant: 2, fee_weight: -2, demand_weight: 1 }',
      '    consumers:',
      '      walleta: { rule: logit, review: 0.2, constant: 0.5, cashback_weight: 0.6, acceptance_weight: 2 }',
      '      walletb: { rule: bass, p: 0.01, q: 0.05 }',
    ].join('\n');
    const low = run(yaml(dyn, { feeA: 0.006 }));
    const high = run(yaml(dyn, { feeA: 0.009 }));
    const days = 30;
    for (let d = 0; d < days; d++) {
      expect(share(high, d, 'walleta'), `day ${d}`).toBeLessThanOrEqual(share(low, d, 'walleta'));
      const held = (r: RunResult): number => r.acceptance!.days[(d * 4 + 0) * 2 + 1]!;
      expect(held(high), `holders, day ${d}`).toBeLessThanOrEqual(held(low));
    }
    const end = (r: RunResult): number => acceptanceAtEnd(r).find((x) => x.instrument === 'walleta')!.share;
    expect(end(high)).toBeLessThan(end(low) - 0.05);
  });
});

describe('networks.adoption validation', () => {
  const errors = (adoption: string): string[] => parseScenario(yaml(adoption), 'acc.yaml').errors.map(formatScenarioError);
  const line = (n: number): string => `acc.yaml:${n}:`;
  // The adoption body starts on line 29 of the file.

  it('refuses a coefficient that is not finite', () => {
    expect(errors('    merchants:\n      walleta: { rule: logit, constant: .inf, fee_weight: -2 }')).toEqual([
      `${line(30)}41: networks.adoption.merchants.walleta.constant: expected a number; got .inf`,
    ]);
    expect(errors('    merchants:\n      unionpay_qr: { rule: bass, p: .nan, q: 0.05 }')).toEqual([
      `${line(30)}37: networks.adoption.merchants.unionpay_qr.p: expected a number; got .nan`,
    ]);
  });

  it('refuses a share outside [0, 1]', () => {
    const e = errors('    merchants:\n      nfc:\n        rule: schedule\n        schedule: [{ date: "2018-06-05", share: 1.5 }]');
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/^acc\.yaml:32:49: networks\.adoption\.merchants\.nfc\.schedule\[0\]\.share: .*1/);
  });

  it('refuses an unknown instrument, with "did you mean"', () => {
    expect(errors('    merchants:\n      walleta_: { rule: bass, p: 0.01, q: 0.05 }\n    consumers:\n      unionpay_qr: { rule: bass, p: 0.01, q: 0.05 }')).toEqual([
      `${line(30)}7: networks.adoption.merchants.walleta_: unknown instrument 'walleta_'; did you mean 'walleta'?`,
      `${line(32)}7: networks.adoption.consumers.unionpay_qr: unknown instrument 'unionpay_qr'; the instruments are 'walleta', 'walletb'`,
    ]);
  });

  it('refuses a schedule not in date order', () => {
    expect(errors('    merchants:\n      nfc:\n        rule: schedule\n        schedule: [{ date: "2018-06-05", share: 0.2 }, { date: "2018-06-02", share: 0.8 }]')).toEqual([
      `${line(32)}64: networks.adoption.merchants.nfc.schedule[1].date: the schedule's dates must be in increasing order: 2018-06-02 comes after 2018-06-05`,
    ]);
  });

  it("asks for the merchant fee of a card instrument's logit", () => {
    expect(errors('    merchants:\n      unionpay_qr: { rule: logit, constant: 1 }')).toEqual([
      `${line(30)}7: networks.adoption.merchants.unionpay_qr: a card instrument's logit needs its 'merchant_fee' (a wallet's comes from its platform)`,
    ]);
  });
});

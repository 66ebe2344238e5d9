/**
 * Money limits (src/scenario/money-limits.ts, docs/fees.md "Money limits"): amounts and run totals
 * that could leave exact integer arithmetic are rejected at validation with their location;
 * tickets below fees.min_amount are an error (fixed) or a warning (lognormal); a fee above its
 * purchase is booked as priced.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createFeeBreakdown, FEE_PRESET_NAMES, feeBound, FeePricer, resolveFeeModel, SettlementBook, type FeeModel } from '../../src/economics/index.js';
import { Sampler } from '../../src/model/dist.js';
import { normalQuantile } from '../../src/model/normal.js';
import { parseScenario } from '../../src/scenario/index.js';
import { LOGNORMAL_Z_MAX, countBound, expectedPurchasesBound, ticketRange } from '../../src/scenario/money-limits.js';
import { captureIo } from '../helpers/io.js';
import { located } from './_fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-money-limits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A small scenario: 1,000 cards buying 2 a day for `duration`, one category with `ticket`. */
function yaml(ticket: string, o: { duration?: string; fees?: string; funds?: boolean } = {}): string {
  return [
    'name: limits',
    `duration: ${o.duration ?? '1d'}`,
    `cards: { count: 1000, active_share: 1${o.funds === false ? '' : ', unlimited_funds: true'} }`,
    'issuers: { count: 1 }',
    'acquirers: { count: 1 }',
    'merchants:',
    '  terminals: 100',
    '  categories:',
    `    - { name: shop, mcc: 5411, share: 1.0, ticket: ${ticket} }`,
    'demand: { per_card_per_day: 2 }',
    ...(o.fees === '' ? [] : [`fees: ${o.fees ?? 'ru-2019'}`]),
    '',
  ].join('\n');
}

const TICKET_COLUMN = '    - { name: shop, mcc: 5411, share: 1.0, ticket: '.length + 1;

describe('money limits at validation', () => {
  it('a fixed ticket whose run total can pass 2^53 - 1 minor units is an error at the ticket', () => {
    // RUB 45 trillion: a safe integer of kopecks on its own, but not two of them.
    const { scenario, errors } = parseScenario(yaml('{ dist: fixed, value: 45000000000000 }'), 'big.yaml');
    expect(scenario).toBeUndefined();
    expect(located(errors)).toEqual([{ code: 'out_of_range', path: 'merchants.categories[0].ticket.value', line: 9, column: TICKET_COLUMN + '{ dist: fixed, value: '.length }]);
    expect(errors[0]!.message).toMatch(/beyond RUB 90071992547409\.91 \(2\^53 - 1 minor units\)/);
    expect(errors[0]!.message).toMatch(/lower the ticket, the demand or the duration/);
  });

  it('the bound follows the run: the same ticket passes for a shorter run and fails for a longer one', () => {
    // 1,000 cards x 2 a day: about 2,000 purchases a day, up to ~3,000 counted; RUB 10 billion
    // (1e12 kopecks) tickets stay within 2^53 for an hour, not for 30 days.
    const ticket = '{ dist: fixed, value: 10000000000 }';
    expect(parseScenario(yaml(ticket, { duration: '1h' }), 'x.yaml').errors).toEqual([]);
    expect(parseScenario(yaml(ticket, { duration: '30d' }), 'x.yaml').errors.map((e) => e.path)).toEqual(['merchants.categories[0].ticket.value']);
    // The command-line duration counts, not the file's.
    expect(parseScenario(yaml(ticket, { duration: '30d' }), 'x.yaml', { durationUs: 3_600_000_000 }).errors).toEqual([]);
  });

  it('an issuer settling in another currency is checked in that currency, at the dearest rate', () => {
    // JPY has no minor unit and RUB has two: a yen becomes 100 / 1.6 = 62.5 kopecks at RUB/JPY 1.6.
    const text = (settle: string) =>
      yaml('{ dist: fixed, value: 100000000000 }', { fees: '{ model: ru-2019, fx: { rates: { "RUB/JPY": [1.7, 1.6] } } }' }).replace('name: limits', 'name: limits\ncurrency: JPY') +
      (settle === '' ? '' : `clearing: { settlement_currencies: { ${settle} } }\n`);
    expect(parseScenario(text(''), 'jpy.yaml').errors).toEqual([]);
    const { errors } = parseScenario(text('"Issuer 1": RUB'), 'jpy.yaml');
    expect(errors.map((e) => e.path)).toEqual(['merchants.categories[0].ticket.value']);
    expect(errors[0]!.message).toMatch(/money totals in RUB, where issuers settle .* beyond RUB 90071992547409\.91/);
  });

  it('a lognormal ticket is bounded by the largest draw the sampler can make', () => {
    const { errors } = parseScenario(yaml('{ dist: lognormal, mean: 1000, sigma: 5 }'), 'wide.yaml');
    expect(located(errors)).toEqual([{ code: 'out_of_range', path: 'merchants.categories[0].ticket.mean', line: 9, column: TICKET_COLUMN + '{ dist: lognormal, mean: '.length }]);
    expect(errors[0]!.message).toMatch(/a ticket that can draw up to RUB /);
    // The same ticket with a narrow spread is fine.
    expect(parseScenario(yaml('{ dist: lognormal, mean: 1000, sigma: 1 }'), 'narrow.yaml').errors).toEqual([]);
  });

  it("the validator's largest lognormal draw is above the engine's: the sampler's extreme uniform is 1 - 2^-32", () => {
    const zMax = normalQuantile(1 - 2 ** -32);
    expect(zMax).toBeLessThan(LOGNORMAL_Z_MAX);
    for (const [meanMinor, sigma] of [[100_000, 0.9], [60_000, 2], [1, 0.1], [5_000_000, 3]] as const) {
      const engineMax = Sampler.amount({ kind: 'lognormal', meanMinor, sigma }).quantileLognormal(zMax);
      expect(ticketRange({ kind: 'lognormal', meanMinor, sigma }).maxMinor).toBeGreaterThanOrEqual(engineMax);
    }
  });

  it('the fee bound is above the fees of every preset, on every product, channel, region and amount tried', () => {
    for (const name of FEE_PRESET_NAMES) {
      const m = resolveFeeModel(name).model as FeeModel;
      const bound = feeBound(m);
      const pricer = new FeePricer(m);
      const b = createFeeBreakdown();
      for (const amountMinor of [1, 30, 1_000, 99_999, 10_000_000, 1e12])
        for (const product of [0, 1, 2, 3])
          for (const channelClass of [0, 1, 2, 3])
            for (const crossBorder of [false, true])
              for (const mcc of [4121, 5411, 5541, 5812, 8398]) {
                pricer.price({ amountMinor, product, mcc, channelClass, crossBorder }, b);
                const fees = b.interchange + b.schemeFeeIssuer + b.schemeFeeAcquirer + b.merchantDiscount + b.platformFee + b.cardholderFxFee;
                expect(fees, `${name} ${amountMinor}`).toBeLessThanOrEqual((amountMinor * bound.ratePpm) / 1e6 + bound.fixedMinor);
              }
    }
  });

  it("the purchase bound is above a run's purchases (smoke.yaml, its busy evening hour)", async () => {
    const out = join(work, 'smoke');
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', out, '--quiet'], captureIo())).toBe(0);
    const tp = readFileSync(join(out, 'throughput.csv'), 'utf8').trimEnd().split('\n');
    const col = tp[0]!.split(',').indexOf('attempts');
    const attempts = tp.slice(1).reduce((s, l) => s + Number(l.split(',')[col]), 0);
    const sc = parseScenario(readFileSync('scenarios/smoke.yaml', 'utf8'), 'smoke.yaml').scenario!;
    const expected = expectedPurchasesBound(sc);
    expect(attempts).toBeGreaterThan(300);
    expect(attempts).toBeLessThanOrEqual(expected);
    expect(countBound(expected)).toBeGreaterThan(1.25 * expected);
  });

  it('sim run of such a scenario exits 2 with one located line, no stack trace, nothing written', async () => {
    const file = join(work, 'big.yaml');
    writeFileSync(file, yaml('{ dist: fixed, value: 45000000000000 }', { duration: '1h' }));
    const io = captureIo();
    const out = join(work, 'big-out');
    expect(await main(['run', file, '--out', out, '--quiet'], io)).toBe(2);
    expect(io.stderr()).toMatch(/big\.yaml:9:\d+: merchants\.categories\[0\]\.ticket\.value: a ticket of RUB 45000000000000\.00/);
    expect(io.stderr()).not.toMatch(/LedgerInvariantError|\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a scenario just inside the limit runs to the end: its books prove themselves', async () => {
    // RUB 10 billion tickets: about 40 purchases in the hour, ~4e13 kopecks with their fees.
    const file = join(work, 'inside.yaml');
    writeFileSync(file, yaml('{ dist: fixed, value: 10000000000 }', { duration: '1h' }));
    expect(parseScenario(readFileSync(file, 'utf8'), file).errors).toEqual([]);
    const io = captureIo();
    expect(await main(['run', file, '--out', join(work, 'inside-out'), '--quiet'], io)).toBe(0);
    expect(io.stderr()).toBe('');
  });
});

describe('tickets below fees.min_amount', () => {
  it('a fixed ticket below min_amount is an error at its value', () => {
    const { errors } = parseScenario(yaml('{ dist: fixed, value: 5 }'), 'small.yaml');
    expect(located(errors)).toEqual([{ code: 'out_of_range', path: 'merchants.categories[0].ticket.value', line: 9, column: TICKET_COLUMN + '{ dist: fixed, value: '.length }]);
    expect(errors[0]!.message).toMatch(/a ticket of RUB 5\.00 is below fees\.min_amount RUB 10\.00/);
    // At min_amount, or with a lower min_amount, or without fees, it is fine.
    expect(parseScenario(yaml('{ dist: fixed, value: 10 }'), 'x.yaml').errors).toEqual([]);
    expect(parseScenario(yaml('{ dist: fixed, value: 5 }', { fees: '{ model: ru-2019, min_amount: 1 }' }), 'x.yaml').errors).toEqual([]);
    expect(parseScenario(yaml('{ dist: fixed, value: 5 }', { fees: '' }), 'x.yaml').errors).toEqual([]);
  });

  it('a lognormal ticket often below min_amount is a warning (its draws reach one minor unit whatever its mean)', () => {
    const low = parseScenario(yaml('{ dist: lognormal, mean: 8, sigma: 0.5 }'), 'low.yaml');
    expect(low.errors).toEqual([]);
    expect(located(low.warnings)).toEqual([{ code: 'out_of_range', path: 'merchants.categories[0].ticket.mean', line: 9, column: TICKET_COLUMN + '{ dist: lognormal, mean: '.length }]);
    // P(X < 10) for mean 8, sigma 0.5: Phi((ln 10 - ln 8 + 0.125) / 0.5) = Phi(0.696) = 75.7 %.
    expect(low.warnings[0]!.message).toMatch(/about 75\.7 % of the purchases of 'shop' are below fees\.min_amount RUB 10\.00/);
    // A usual ticket (RUB 600, sigma 0.9: 0.002 % below RUB 10) gets none.
    expect(parseScenario(yaml('{ dist: lognormal, mean: 600, sigma: 0.9 }'), 'x.yaml').warnings).toEqual([]);
  });

  it('the command line prints a warning as one located line on stderr and still exits 0', async () => {
    const file = join(work, 'warned.yaml');
    writeFileSync(file, yaml('{ dist: lognormal, mean: 8, sigma: 0.5 }'));
    const io = captureIo();
    expect(await main(['validate', file], io)).toBe(0);
    const lines = io.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:\\d+: merchants\\.categories\\[0\\]\\.ticket\\.mean: about 75\\.7 %`));
    const quiet = join(work, 'usual.yaml');
    writeFileSync(quiet, yaml('{ dist: lognormal, mean: 600, sigma: 0.9 }'));
    const io2 = captureIo();
    expect(await main(['validate', quiet], io2)).toBe(0);
    expect(io2.stderr()).toBe('');
  });
});

describe('a fee above its purchase', () => {
  const model = resolveFeeModel('ru-2019', { currency: 'RUB' }).model as FeeModel;

  it('is booked as priced: the merchant pays the difference and the books still balance', () => {
    // RUB 0.30, below ru-2019's min_amount: the acquirer's RUB 0.50 per-authorization scheme fee,
    // passed on in the interchange-plus-plus merchant discount, exceeds the purchase.
    const p = { amountMinor: 30, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    const b = createFeeBreakdown();
    new FeePricer(model).price(p, b);
    expect(b.merchantDiscount).toBeGreaterThan(p.amountMinor);
    const book = new SettlementBook({ issuers: ['I'], acquirers: ['A'], currencies: ['RUB'] });
    book.clear(0, 0, 0, 0, p, b);
    book.verify();
    const merchant = [...book.settlementRows()].find((r) => r.participant_type === 'merchant')!;
    expect(merchant.net_position_minor).toBe(p.amountMinor - b.merchantDiscount);
    expect(merchant.net_position_minor).toBeLessThan(0);
  });

  it('a run whose tickets fall below min_amount completes; fees.csv shows fees above the value', async () => {
    const file = join(work, 'tiny.yaml');
    writeFileSync(file, yaml('{ dist: lognormal, mean: 0.2, sigma: 0.3 }', { duration: '1h' }));
    const io = captureIo();
    const out = join(work, 'tiny-out');
    expect(await main(['run', file, '--out', out, '--quiet'], io)).toBe(0);
    const rows = readFileSync(join(out, 'fees.csv'), 'utf8').trimEnd().split('\n');
    const header = rows[0]!.split(',');
    const mdr = rows.map((l) => l.split(',')).find((r) => r[header.indexOf('fee_type')] === 'merchant_discount')!;
    expect(Number(mdr[header.indexOf('fee')])).toBeGreaterThan(Number(mdr[header.indexOf('value')]));
  });
});

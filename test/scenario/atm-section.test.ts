/** The `atm` section: resolution and its file:line:column errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseScenario } from '../../src/scenario/index.js';
import { captureIo } from '../helpers/io.js';
import { located } from './_fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-atm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BASE = `name: x
duration: 1d
cards: { count: 100 }
issuers: { count: 2, names: [Alpha, Beta] }
acquirers: { count: 2, names: [Alpha, North] }
merchants: { terminals: 10, categories: [{ name: grocery, mcc: 5411, share: 1, ticket: { dist: fixed, value: 100 } }] }
`;

const ATM = `atm:
  acquirers: { Alpha: 30, North: 10 }
  debit: { per_card_per_day: 0.04, amount: { dist: lognormal, mean: 8000, sigma: 0.8 } }
  credit: { per_card_per_day: 0.01, amount: { dist: fixed, value: 5000 } }
`;

describe('the atm section', () => {
  it('is absent by default, and resolves ATMs, demand, the 25 s timers and same-bank pairs', () => {
    expect(parseScenario(BASE).scenario?.atm).toBeUndefined();
    const r = parseScenario(`${BASE}${ATM}  same_bank: { Beta: North }\n`);
    expect(r.errors).toEqual([]);
    const atm = r.scenario!.atm!;
    expect(atm.perAcquirer).toEqual([30, 10]);
    expect(atm.perCardPerDay).toEqual([0.04, 0.01]);
    expect(atm.amount[1]).toEqual({ kind: 'fixed', valueMinor: 500_000 });
    expect([atm.issuerTimeoutUs, atm.acquirerTimeoutUs, atm.terminalTimeoutUs]).toEqual([25_000_000, 30_000_000, 45_000_000]);
    // Alpha is both an issuer and an acquirer (the same bank); Beta's bank acquires as North.
    expect(atm.sameBank).toEqual([0, 1]);
    expect(atm.dispenseFailureRate).toBe(0.006);
  });

  it('names unknown acquirers and issuers with did-you-mean, at their positions', () => {
    const { errors } = parseScenario(`${BASE}atm:
  acquirers: { Alpha: 30, Nort: 10 }
  debit: { per_card_per_day: 0.04, amount: { dist: fixed, value: 5000 } }
  credit: { per_card_per_day: 0.01, amount: { dist: fixed, value: 5000 } }
  same_bank: { Betta: North, Alpha: Nroth }
`);
    expect(located(errors)).toEqual([
      { code: 'unknown_name', path: 'atm.acquirers.Nort', line: 8, column: 27 },
      { code: 'unknown_name', path: 'atm.same_bank.Betta', line: 11, column: 16 },
      { code: 'unknown_name', path: 'atm.same_bank.Alpha', line: 11, column: 37 },
    ]);
    expect(errors[0]!.message).toMatch(/did you mean 'North'/);
    expect(errors[2]!.message).toMatch(/did you mean 'North'/);
  });

  it('refuses unknown keys, missing products, timers out of order and fees without money', () => {
    const typo = parseScenario(`${BASE}${ATM}  dispense_failure: 0.01\n`).errors;
    expect(located(typo)).toEqual([{ code: 'unknown_key', path: 'atm.dispense_failure', line: 11, column: 3 }]);
    expect(typo[0]!.message).toMatch(/did you mean 'dispense_failure_rate'/);
    const missing = parseScenario(`${BASE}atm: { acquirers: { Alpha: 1 }, debit: { per_card_per_day: 1, amount: { dist: fixed, value: 1 } } }\n`).errors;
    expect(missing.map((e) => [e.code, e.path])).toEqual([['missing_key', 'atm.credit']]);
    const timers = parseScenario(`${BASE}${ATM}  issuer_timeout: 40s\n`).errors;
    expect(located(timers)).toEqual([{ code: 'timeout_order', path: 'atm.issuer_timeout', line: 11, column: 19 }]);
    const fees = parseScenario(`${BASE}${ATM}  fees: { interchange: 20 }\n`).errors;
    expect(located(fees)).toEqual([{ code: 'missing_key', path: 'atm.fees', line: 11, column: 3 }]);
    const none = parseScenario(`${BASE}atm:\n  acquirers: { Alpha: 0 }\n  debit: { per_card_per_day: 1, amount: { dist: fixed, value: 1 } }\n  credit: { per_card_per_day: 1, amount: { dist: fixed, value: 1 } }\n`).errors;
    expect(none.map((e) => [e.code, e.path])).toEqual([['out_of_range', 'atm.acquirers']]);
  });

  it('sim validate prints file:line:column: path: message, one line each, and exits 2', async () => {
    const file = join(work, 'atm.yaml');
    writeFileSync(file, `${BASE}${ATM}  same_bank: { Alpha: Nroth }\n`);
    const io = captureIo();
    expect(await main(['validate', file], io)).toBe(2);
    const lines = io.stderr().trim().split('\n').filter((l) => l.includes('atm.'));
    expect(lines).toEqual([expect.stringMatching(/atm\.yaml:11:\d+: atm\.same_bank\.Alpha: unknown acquirer 'Nroth'.*did you mean 'North'/)]);
    expect(io.stderr()).not.toMatch(/\n\s+at /);
  });
});

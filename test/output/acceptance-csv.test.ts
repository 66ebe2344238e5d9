import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNetwork } from '../../src/model/network.js';
import { writeAcceptance } from '../../src/output/acceptance-csv.js';
import { competitionSummary, sharesLine } from '../../src/output/acceptance-summary.js';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/index.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-acceptance-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TEXT = `name: acceptance-csv
seed: 5
start: "2018-06-01T00:00:00+08:00"
duration: 5d
bucket: 1d
currency: CNY
cards: { count: 800 }
issuers: { count: 1 }
acquirers: { count: 1 }
merchants:
  terminals: 300
  terminals_per_merchant: 1
  capabilities: { chip: 1.0, contactless: 0.5, qr: 0.2 }
  categories:
    - { name: food, mcc: 5812, share: 1.0, ticket: { dist: lognormal, mean: 50, sigma: 0.8 } }
demand: { per_card_per_day: 1 }
networks:
  platforms: [{ name: walleta }]
  choice:
    portfolios: [{ wallets: [walleta], share: 0.7 }, { wallets: [], share: 0.3 }]
    acceptance: { walleta: 0.6 }
  adoption:
    merchants:
      unionpay_qr: { rule: schedule, schedule: [{ date: "2018-06-01", share: 0.2 }, { date: "2018-06-05", share: 1 }] }
`;

describe('acceptance.csv and the competition summary', () => {
  const parsed = parseScenario(TEXT, 'a.yaml');
  it('parses', () => expect(parsed.errors.map(formatScenarioError)).toEqual([]));
  const r = runNetwork(parsed.scenario!, { seed: 5 });

  it('has one row per local day and instrument, with counts and shares of the card-present merchants and the consumers', () => {
    expect(writeAcceptance(r, work)).toEqual([{ file: 'acceptance.csv', rows: 5 * 3 }]);
    const lines = readFileSync(join(work, 'acceptance.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('day,date,instrument,merchants_accepting,merchant_share,consumers_holding,consumer_share');
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['0,2018-06-01,walleta', '0,2018-06-01,unionpay_qr', '0,2018-06-01,nfc']);
    const last = lines.at(-2)!.split(',');
    expect(last.slice(0, 5)).toEqual(['4', '2018-06-05', 'unionpay_qr', '300', '1.000000']);
    expect(last.slice(5)).toEqual(['800', '1.000000']);
  });

  it('gives the shares at the start and at the end', () => {
    const c = competitionSummary(r)!;
    expect(Object.keys(c.instrument_shares_start)).toEqual(['card', 'walleta']);
    expect(c.acceptance_shares_end['unionpay_qr']).toBe(1);
    expect(c.acceptance_shares_start['unionpay_qr']).toBeLessThan(0.35);
    expect(c.acceptance_shares_start['walleta']).toBeCloseTo(0.6, 1);
    expect(sharesLine({ a: 0.25 }, { a: 0.5 })).toBe('a 25.0 % -> 50.0 %');
  });
});

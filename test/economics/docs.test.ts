/** docs/fees.md stays true: its examples resolve, and the complete example prices as computed by hand. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createFeeBreakdown, FeePricer, FEE_PRESET_NAMES, resolveFeeModel, type FeeModel, type PurchaseInput } from '../../src/economics/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/fees.md', import.meta.url)), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const complete = /<!-- complete-example[^>]*-->\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];

describe('docs/fees.md', () => {
  it('the complete example resolves and prices as computed by hand', () => {
    expect(complete).toBeDefined();
    const r = resolveFeeModel((parse(complete as string) as { fees: unknown }).fees);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    const pricer = new FeePricer(r.model as FeeModel);
    const out = createFeeBreakdown();
    const price = (p: PurchaseInput) => {
      pricer.price(p, out);
      return [out.interchange, out.schemeFeeIssuer, out.schemeFeeAcquirer, out.merchantDiscount, out.cardholderFxFee];
    };
    // Grocery debit RUB 1,000: IC 1.0 % = 1 000; sI 50; sA 100 + 50 = 150; MDR grocery 1.6 % = 1 600.
    expect(price({ amountMinor: 100_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false })).toEqual([1_000, 50, 150, 1_600, 0]);
    // Fuel debit RUB 5,000: 1 % = 5 000 -> cap RUB 30; MDR standard 1.9 % = 9 500.
    expect(price({ amountMinor: 500_000, product: 0, mcc: 5542, channelClass: 0, crossBorder: false })).toEqual([3_000, 250, 550, 9_500, 0]);
    // Cross-border credit online RUB 2,000: IC 1.5 % + 0.10 = 3 010; sI 100; sA 200 + 50 + 0.6 % (1 200) = 1 450;
    // MDR online 2.4 % = 4 800; FX 1.5 % = 3 000.
    expect(price({ amountMinor: 200_000, product: 1, mcc: 5999, channelClass: 1, crossBorder: true })).toEqual([3_010, 100, 1_450, 4_800, 3_000]);
    // Charity 8398 (standard debit 1.2 % = 120 000) is exempt on the acquirer side only; MDR 1.9 %.
    expect(price({ amountMinor: 10_000_000, product: 0, mcc: 8398, channelClass: 0, crossBorder: false })).toEqual([120_000, 5_000, 0, 190_000, 0]);
    // RUB 100,000 elsewhere: acquirer 0.10 % = 10 000 -> cap RUB 50 = 5 000, + 50 per auth.
    expect(price({ amountMinor: 10_000_000, product: 0, mcc: 5999, channelClass: 0, crossBorder: false })[2]).toBe(5_050);
  });

  it('every other single-model example resolves', () => {
    const singles = blocks.filter((b) => b !== complete && (b.match(/^fees:/gm) ?? []).length === 1);
    expect(singles.length).toBeGreaterThanOrEqual(2);
    for (const b of singles) {
      const r = resolveFeeModel((parse(b) as { fees: unknown }).fees);
      expect(r.errors, b).toEqual([]);
    }
  });

  it('names every file of the fee-model reader, and no file that is not there', () => {
    const files = readdirSync(fileURLToPath(new URL('../../src/economics/fee-model/', import.meta.url))).filter((f) => f.endsWith('.ts'));
    const listed = [...doc.matchAll(/^\| `([a-z-]+\.ts)` \|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...files].sort());
  });

  it('lists every preset', () => {
    for (const name of FEE_PRESET_NAMES) expect(doc).toContain(`| \`${name}\` |`);
  });
});

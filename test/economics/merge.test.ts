/**
 * Sharded runs: books and compare accumulators built on several shards, snapshotted, sent across
 * a (simulated or real) worker boundary and merged must equal one book / accumulator that
 * received everything, whatever the split and the grouping of the merge. Half of the book
 * operations are cross-currency (the issuer settles in the other currency), so the FX account,
 * its settlement rows and the cross-currency posting kinds go through the merge too.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bookSnapshotBuffers,
  CompareAccumulator,
  compareModels,
  compareSnapshotBuffers,
  createChargebackBreakdown,
  createFeeBreakdown,
  FEE_PRESET_NAMES,
  FeePricer,
  FX_SCALE,
  KIND_COUNT,
  ledgerSnapshotBuffers,
  resolveFeeModel,
  SettlementBook,
  type BookSnapshot,
  type CompareSnapshot,
  type FeeModel,
  type PurchaseInput,
  type SettlementOptions,
} from '../../src/economics/index.js';

// ---------------------------------------------------------------------------------------------
// Models and book shape
// ---------------------------------------------------------------------------------------------

/** A preset, or (`extra`) the preset with refunds, a chargeback fee and an issuer per-authorization fee. */
function model(name: string, extra: boolean): FeeModel {
  const fourParty = resolveFeeModel(name).model?.type === 'four_party';
  const raw = extra
    ? {
        model: name,
        chargeback: { refund_merchant_discount: true, refund_scheme_fees: true, fee: '15' },
        ...(fourParty ? { scheme_fees: { issuer: { per_auth: '0.01' } } } : {}),
      }
    : name;
  const r = resolveFeeModel(raw);
  if (!r.model) throw new Error(`preset ${name}: ${JSON.stringify(r.errors)}`);
  return r.model;
}

/** Every preset as is, and every preset with extras (so that every posting kind occurs). */
const MODELS: readonly FeeModel[] = [...FEE_PRESET_NAMES.map((n) => model(n, false)), ...FEE_PRESET_NAMES.map((n) => model(n, true))];
const PRICERS = MODELS.map((m) => new FeePricer(m));
const WALLET = PRICERS.findIndex((p) => p.model.type === 'three_party');

const OPTS: SettlementOptions = {
  issuers: ['Rosselkhozbank', 'Gazprombank', 'Tinkoff'],
  acquirers: ['Sberbank', 'VTB'],
  currencies: ['RUB', 'EUR'],
  schemeName: 'UnionPay',
  merchantPayoutDays: 2,
  interbankSettlementDays: 1,
};

// ---------------------------------------------------------------------------------------------
// Random operations
// ---------------------------------------------------------------------------------------------

const purchaseArb: fc.Arbitrary<PurchaseInput> = fc.record({
  amountMinor: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 50_000_000 })),
  product: fc.integer({ min: 0, max: 3 }),
  mcc: fc.constantFrom(5411, 5541, 5812, 5999, 6011, 8062, 8211, 4111, 0, 9999),
  channelClass: fc.integer({ min: 0, max: 3 }),
  crossBorder: fc.boolean(),
});

const where = {
  shard: fc.nat(),
  cycle: fc.integer({ min: 0, max: 20 }),
  lag: fc.integer({ min: 0, max: 2 }),
  issuer: fc.integer({ min: 0, max: 2 }),
  acquirer: fc.integer({ min: 0, max: 1 }),
  currency: fc.integer({ min: 0, max: 1 }),
  model: fc.integer({ min: 0, max: MODELS.length - 1 }),
  /** The issuer's settlement currency and the rate into it (EUR per RUB, RUB per EUR, or odd). */
  issuerCurrency: fc.integer({ min: 0, max: 1 }),
  rateE8: fc.oneof(fc.integer({ min: 1_000_000, max: 2_000_000 }), fc.integer({ min: 6_000_000_000, max: 10_000_000_000 }), fc.integer({ min: 1, max: 1_000_000_000 })),
};

/** Where a clear, chargeback or authorization settles on the issuer side (default: as the transaction). */
type IssuerSide = { issuerCurrency?: number; rateE8?: number };

type Op =
  | ({ t: 'clear'; shard: number; cycle: number; lag: number; issuer: number; acquirer: number; currency: number; model: number; p: PurchaseInput } & IssuerSide)
  | ({ t: 'chargeback'; shard: number; cycle: number; lag: number; issuer: number; acquirer: number; currency: number; model: number; p: PurchaseInput } & IssuerSide)
  | ({ t: 'auth'; shard: number; cycle: number; lag: number; issuer: number; acquirer: number; currency: number; model: number; mcc: number } & IssuerSide);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('clear' as const), ...where, p: purchaseArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('chargeback' as const), ...where, p: purchaseArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('auth' as const), ...where, mcc: fc.constantFrom(5411, 6011, 8062, 5999) }) },
);

const fees = createFeeBreakdown();
const cb = createChargebackBreakdown();

function apply(book: SettlementBook, op: Op): void {
  const day = Math.max(0, op.cycle - op.lag);
  switch (op.t) {
    case 'clear': {
      (PRICERS[op.model] as FeePricer).price(op.p, fees);
      book.clear(op.cycle, day, op.issuer, op.acquirer, op.p, fees, op.currency, op.issuerCurrency ?? op.currency, op.rateE8 ?? FX_SCALE);
      return;
    }
    case 'chargeback': {
      const pricer = PRICERS[op.model] as FeePricer;
      pricer.price(op.p, fees);
      pricer.priceChargeback(op.p.amountMinor, fees, cb);
      book.chargeback(op.cycle, day, op.issuer, op.acquirer, cb, op.currency, op.issuerCurrency ?? op.currency, op.rateE8 ?? FX_SCALE);
      return;
    }
    case 'auth': {
      const pricer = PRICERS[op.model] as FeePricer;
      book.authorizationFees(op.cycle, day, op.issuer, op.acquirer, pricer.authFeeIssuer(op.mcc), pricer.authFeeAcquirer(op.mcc), op.currency, op.issuerCurrency ?? op.currency, op.rateE8 ?? FX_SCALE);
      return;
    }
  }
}

/** Everything observable about a book. */
function view(book: SettlementBook) {
  const L = book.ledger;
  const perCurrency = book.currencies.map((_, c) => ({
    kindTotals: Array.from({ length: KIND_COUNT }, (_, k) => L.kindTotal(k, c)),
    kindCounts: Array.from({ length: KIND_COUNT }, (_, k) => L.kindCount(k, c)),
    totalDebits: L.totalDebits(c),
    totalCredits: L.totalCredits(c),
    typeBalances: [0, 1, 2, 3, 4, 5].map((t) => L.typeBalance(t, c)),
    collections: book.ledger.parties.issuers.map((_, i) => book.cardholderCollections(i, c)),
  }));
  return {
    cycleCount: book.cycleCount,
    settlementRows: [...book.settlementRows()],
    feeRows: [...book.feeRows()],
    accountRows: [...L.accountRows()],
    perCurrency,
  };
}

function split(ops: readonly Op[], k: number): SettlementBook[] {
  const books = Array.from({ length: k }, () => new SettlementBook(OPTS));
  for (const op of ops) apply(books[op.shard % k] as SettlementBook, op);
  return books;
}

function whole(ops: readonly Op[]): SettlementBook {
  const book = new SettlementBook(OPTS);
  for (const op of ops) apply(book, op);
  return book;
}

/** A snapshot as a worker would post it: transferred, so the sender's copy is detached. */
function acrossBoundary(s: BookSnapshot): BookSnapshot {
  return structuredClone(s, { transfer: bookSnapshotBuffers(s) });
}

const opsArb = fc.array(opArb, { minLength: 0, maxLength: 60 });

// ---------------------------------------------------------------------------------------------
// Settlement book
// ---------------------------------------------------------------------------------------------

describe('SettlementBook snapshots merge to the book that received everything', () => {
  it('1-4 shards, across structuredClone with transfer: same rows, ledger, kind totals; verify() passes', () => {
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 1, max: 4 }), (ops, k) => {
        const ref = whole(ops);
        ref.verify();
        const parts = split(ops, k);
        for (const b of parts) b.verify();
        const merged = SettlementBook.fromSnapshots(
          OPTS,
          parts.map((b) => acrossBoundary(b.snapshot())),
        );
        merged.verify();
        expect(view(merged)).toEqual(view(ref));
        expect(merged.snapshot()).toEqual(ref.snapshot());
      }),
      { numRuns: 150 },
    );
  });

  it('the grouping and order of the merge do not matter: (a+b)+c = a+(b+c) = c+b+a = one book', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const [a, b, c] = split(ops, 3).map((x) => x.snapshot()) as [BookSnapshot, BookSnapshot, BookSnapshot];
        const ab = SettlementBook.fromSnapshots(OPTS, [a, b]).snapshot();
        const bc = SettlementBook.fromSnapshots(OPTS, [b, c]).snapshot();
        const left = SettlementBook.fromSnapshots(OPTS, [ab, c]);
        const right = SettlementBook.fromSnapshots(OPTS, [a, bc]);
        const reversed = SettlementBook.fromSnapshots(OPTS, [c, b, a]);
        const ref = whole(ops);
        for (const m of [left, right, reversed]) {
          m.verify();
          expect(view(m)).toEqual(view(ref));
          expect(m.snapshot()).toEqual(ref.snapshot());
        }
      }),
      { numRuns: 100 },
    );
  });

  it('merging into a book that already has postings adds to them; it keeps taking postings afterwards', () => {
    fc.assert(
      fc.property(opsArb, opsArb, opsArb, (first, shard, after) => {
        const book = whole(first);
        book.mergeSnapshot(acrossBoundary(whole(shard).snapshot()));
        for (const op of after) apply(book, op);
        book.verify();
        expect(view(book)).toEqual(view(whole([...first, ...shard, ...after])));
      }),
      { numRuns: 60 },
    );
  });

  it('a snapshot is a copy: later postings do not change it, and it keeps only the rows used', () => {
    const book = new SettlementBook(OPTS);
    const p: PurchaseInput = { amountMinor: 100_000, product: 1, mcc: 5411, channelClass: 0, crossBorder: true };
    (PRICERS[0] as FeePricer).price(p, fees);
    book.clear(2, 1, 0, 1, p, fees);
    const s = book.snapshot();
    const before = structuredClone(s);
    book.clear(40, 39, 1, 0, p, fees);
    expect(s).toEqual(before);
    expect(s.cycles).toBe(3);
    expect(s.days).toBe(2);
    const width = (3 + 1 + 2 * 2 + 1) * 2; // issuers, scheme, acquirers, merchants, the FX account; 2 currencies
    expect(s.grossDebit.length).toBe(3 * width);
    expect(s.touched.length).toBe(3 * width);
    expect(s.feeCount.length).toBe(2 * KIND_COUNT * 2);
    // Rows used survive even when nothing was booked in them (authorizationFees(0, 0) books
    // nothing, but still sees its cycle and day).
    const empty = new SettlementBook(OPTS);
    empty.authorizationFees(7, 5, 0, 0, 0, 0);
    const e = empty.snapshot();
    expect([e.cycles, e.days]).toEqual([8, 6]);
    const m = SettlementBook.fromSnapshots(OPTS, [e]);
    expect(m.cycleCount).toBe(8);
    expect([...m.settlementRows()]).toEqual([]);
    expect(m.snapshot()).toEqual(e);
  });

  it('no snapshots, or snapshots of empty books: an empty book', () => {
    const ref = new SettlementBook(OPTS);
    for (const parts of [[], [ref.snapshot()], [ref.snapshot(), ref.snapshot()]]) {
      const m = SettlementBook.fromSnapshots(OPTS, parts);
      m.verify();
      expect(view(m)).toEqual(view(ref));
      expect(m.snapshot()).toEqual(ref.snapshot());
    }
  });

  it('cross-currency postings: the FX account and its rows survive the merge', () => {
    const p: PurchaseInput = { amountMinor: 123_456, product: 0, mcc: 5411, channelClass: 0, crossBorder: true };
    const x = { shard: 0, lag: 0, issuer: 0, acquirer: 1, currency: 0, model: 0, issuerCurrency: 1, rateE8: 1_063_830 };
    const ops: Op[] = [
      { t: 'clear', ...x, cycle: 0, p },
      { t: 'clear', ...x, shard: 1, cycle: 0, p: { ...p, amountMinor: 7_000 } },
      { t: 'chargeback', ...x, shard: 2, cycle: 3, p, rateE8: 1_100_000 },
      { t: 'auth', ...x, shard: 1, cycle: 3, mcc: 5411 },
    ];
    const ref = whole(ops);
    const merged = SettlementBook.fromSnapshots(OPTS, split(ops, 3).map((b) => acrossBoundary(b.snapshot())));
    merged.verify();
    expect(view(merged)).toEqual(view(ref));
    const fxRows = [...merged.settlementRows()].filter((r) => r.participant_type === 'fx');
    expect(fxRows.map((r) => [r.cycle, r.currency])).toEqual([
      [0, 'RUB'],
      [0, 'EUR'],
      [3, 'RUB'],
      [3, 'EUR'],
    ]);
    const L = merged.ledger;
    expect([L.balance(L.fx(), 0), L.balance(L.fx(), 1)]).toEqual([ref.ledger.balance(ref.ledger.fx(), 0), ref.ledger.balance(ref.ledger.fx(), 1)]);
    expect([...L.accountRows()].filter((a) => a.account_type === 'fx').map((a) => [a.account, a.currency])).toEqual([
      ['FX settlement', 'RUB'],
      ['FX settlement', 'EUR'],
    ]);
  });

  it('onPosting is not replayed by a merge', () => {
    const ops: Op[] = [
      { t: 'clear', shard: 0, cycle: 1, lag: 1, issuer: 0, acquirer: 0, currency: 0, model: 0, p: { amountMinor: 5_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false } },
    ];
    let calls = 0;
    const m = SettlementBook.fromSnapshots({ ...OPTS, onPosting: () => void calls++ }, [whole(ops).snapshot()]);
    expect(calls).toBe(0);
    expect(m.ledger.kindCount(0, 0)).toBe(1);
  });

  it('the snapshot is plain data: a JSON-free deep clone equals it, and its buffers are distinct and transferable', () => {
    const book = whole([
      { t: 'auth', shard: 0, cycle: 0, lag: 0, issuer: 2, acquirer: 1, currency: 1, model: 0, mcc: 5411 },
      { t: 'clear', shard: 0, cycle: 3, lag: 1, issuer: 1, acquirer: 0, currency: 0, model: WALLET, p: { amountMinor: 5_000_000, product: 0, mcc: 5814, channelClass: 3, crossBorder: false } },
    ]);
    const s = book.snapshot();
    const proto = (x: unknown) => Object.getPrototypeOf(x) as unknown;
    expect(proto(s)).toBe(Object.prototype);
    expect(proto(s.ledger)).toBe(Object.prototype);
    for (const v of [...Object.values(s), ...Object.values(s.ledger)]) expect(typeof v).not.toBe('function');
    const buffers = bookSnapshotBuffers(s);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers.length).toBe(8 + ledgerSnapshotBuffers(s.ledger).length);
    const moved = acrossBoundary(s);
    expect(s.grossDebit.length).toBe(0); // detached in the sender
    expect(s.ledger.debit.length).toBe(0);
    expect(SettlementBook.fromSnapshots(OPTS, [moved]).snapshot()).toEqual(book.snapshot());
  });

  it('a real MessagePort round trip with a transfer list', async () => {
    const ops = fc.sample(opsArb, { numRuns: 1, seed: 42 })[0] as Op[];
    const parts = split(ops, 3);
    const { port1, port2 } = new MessageChannel();
    const received: BookSnapshot[] = [];
    const done = new Promise<void>((resolve) => {
      port2.on('message', (s: BookSnapshot) => {
        received.push(s);
        if (received.length === parts.length) resolve();
      });
    });
    for (const b of parts) {
      const s = b.snapshot();
      port1.postMessage(s, bookSnapshotBuffers(s));
    }
    await done;
    port1.close();
    port2.close();
    const merged = SettlementBook.fromSnapshots(OPTS, received);
    merged.verify();
    expect(view(merged)).toEqual(view(whole(ops)));
  });

  it('refuses snapshots of differently shaped books, and malformed ones, without adding anything', () => {
    const p: PurchaseInput = { amountMinor: 100_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    const src = new SettlementBook(OPTS);
    (PRICERS[0] as FeePricer).price(p, fees);
    src.clear(1, 1, 0, 0, p, fees);
    const good = src.snapshot();
    const other = (o: Partial<SettlementOptions>) => new SettlementBook({ ...OPTS, ...o }).snapshot();
    const bad: [string, unknown][] = [
      ['issuers', other({ issuers: ['Rosselkhozbank', 'Gazprombank'] })],
      ['acquirers', other({ acquirers: ['VTB', 'Sberbank'] })],
      ['currencies', other({ currencies: ['RUB'] })],
      ['scheme', other({ schemeName: 'Mir' })],
      ['fx account', other({ fxName: 'UPI FX desk' })],
      ['delays', other({ merchantPayoutDays: 1 })],
      ['format', { ...good, format: 'x' }],
      ['length', { ...good, grossCredit: good.grossCredit.slice(1) }],
      ['type', { ...good, touched: Float64Array.from(good.touched) }],
      ['cycles', { ...good, cycles: -1 }],
      ['ledger', { ...good, ledger: { ...good.ledger, kindTotals: new Float64Array(3) } }],
      ['ledger names', { ...good, ledger: other({ issuers: ['a', 'b', 'c'] }).ledger }],
      ['not an object', null],
    ];
    for (const [what, s] of bad) {
      const target = whole([]);
      expect(() => target.mergeSnapshot(s as BookSnapshot), what).toThrow(RangeError);
      expect(target.snapshot(), what).toEqual(whole([]).snapshot());
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Compare accumulator
// ---------------------------------------------------------------------------------------------

describe('CompareAccumulator snapshots merge to the accumulator that saw everything', () => {
  const COMPARED = [0, 2, 4, WALLET].map((i) => MODELS[i] as FeeModel);
  const COMPARE_PRICERS = COMPARED.map((m) => new FeePricer(m));

  type Item = { shard: number; p: PurchaseInput };
  const itemArb: fc.Arbitrary<Item> = fc.record({ shard: fc.nat(), p: purchaseArb });

  function feed(acc: CompareAccumulator, it: Item): void {
    COMPARE_PRICERS.forEach((pricer, k) => {
      pricer.price(it.p, fees);
      acc.add(k, it.p, fees);
    });
  }

  const acrossCompare = (s: CompareSnapshot) => structuredClone(s, { transfer: compareSnapshotBuffers(s) });
  const arrays = (a: CompareAccumulator) => [a.chCount, a.chValue, a.chMerchantFee, a.revenue, a.cost].map((x) => Array.from(x));

  it('1-4 shards and any grouping: same sums and the same compare.csv rows', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 50 }), fc.integer({ min: 1, max: 4 }), (items, k) => {
        const ref = new CompareAccumulator(COMPARED);
        for (const it of items) feed(ref, it);
        const parts = Array.from({ length: k }, () => new CompareAccumulator(COMPARED));
        for (const it of items) feed(parts[it.shard % k] as CompareAccumulator, it);
        const merged = CompareAccumulator.fromSnapshots(
          COMPARED,
          parts.map((p) => acrossCompare(p.snapshot())),
        );
        expect(arrays(merged)).toEqual(arrays(ref));
        expect(compareModels(merged)).toEqual(compareModels(ref));
        // Regrouped: merge of merges, reversed.
        const snaps = parts.map((p) => p.snapshot());
        const head = CompareAccumulator.fromSnapshots(COMPARED, snaps.slice(0, 1)).snapshot();
        const tail = CompareAccumulator.fromSnapshots(COMPARED, snaps.slice(1).reverse()).snapshot();
        const regrouped = CompareAccumulator.fromSnapshots(COMPARED, [tail, head]);
        expect(regrouped.snapshot()).toEqual(ref.snapshot());
      }),
      { numRuns: 100 },
    );
  });

  it('refuses snapshots over other models or in another order', () => {
    const acc = new CompareAccumulator(COMPARED);
    const swapped = new CompareAccumulator([...COMPARED].reverse()).snapshot();
    const fewer = new CompareAccumulator(COMPARED.slice(1)).snapshot();
    const otherCost = new CompareAccumulator(COMPARED.map((m) => ({ name: m.name, avoidedCostOfCashPpm: m.avoidedCostOfCashPpm + 1 }))).snapshot();
    const good = acc.snapshot();
    for (const s of [swapped, fewer, otherCost, { ...good, cost: new Float64Array(1) }, { ...good, format: 'y' }]) {
      expect(() => acc.mergeSnapshot(s as CompareSnapshot)).toThrow(RangeError);
    }
    expect(acc.snapshot()).toEqual(good);
  });
});

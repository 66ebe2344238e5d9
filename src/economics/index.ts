/**
 * Quartet economics: the money rules of the simulator. Pure: no I/O, no clock, no randomness,
 * no imports from the rest of the project but the leaf `src/diagnostics` (codes, "did you mean").
 *
 * ## Units
 * Amounts are integers of minor units with their currency beside them; rates are integer ppm
 * (1.2 % = 12 000); FX rates are integers x 1e8. One rounding rule everywhere: exact integer
 * arithmetic, round half to even (see money.ts for why).
 *
 * ## Using it from the simulator
 * ```ts
 * import { resolveFeeModel, FeePricer, SettlementBook, createFeeBreakdown,
 *          createChargebackBreakdown, channelClassOf } from '../economics/index.js';
 *
 * // 1. Scenario pipeline: `fees:` node -> FeeModel (errors carry paths relative to that node).
 * const { model, errors, warnings } = resolveFeeModel(raw.fees, { currency: scenario.currency });
 *
 * // 2. Build: one pricer, one book, reusable scratch objects.
 * const pricer = new FeePricer(model);
 * const book = new SettlementBook({
 *   issuers: issuerNames, acquirers: acquirerNames, currencies: [scenario.currency],
 *   schemeName: 'UnionPay', merchantPayoutDays: 1, interbankSettlementDays: 1,
 *   onPosting: optionalLedgerCsvWriter,       // (kind, debit, credit, amount, currency, day)
 * });
 * const purchase = { amountMinor: 0, product: 0, mcc: 0, channelClass: 0, crossBorder: false };
 * const fees = createFeeBreakdown();
 * const cb = createChargebackBreakdown();
 *
 * // 3. Per cleared purchase (cycle = clearing day index, day = purchase day):
 * purchase.amountMinor = amount; purchase.product = isCredit ? 1 : 0; purchase.mcc = mcc;
 * purchase.channelClass = channelClassOf('contactless'); purchase.crossBorder = false;
 * pricer.price(purchase, fees);
 * book.clear(cycle, day, issuerIdx, acquirerIdx, purchase, fees);
 *
 * // Per chargeback of that purchase (keep its breakdown, or re-price it: pricing is pure):
 * pricer.priceChargeback(purchase.amountMinor, fees, cb);
 * book.chargeback(cycle, day, issuerIdx, acquirerIdx, cb);
 *
 * // Per authorization that never clears (declined, reversed, timed out):
 * book.authorizationFees(cycle, day, issuerIdx, acquirerIdx, pricer.authFeeIssuer(mcc), pricer.authFeeAcquirer(mcc));
 *
 * // Cross-currency: an issuer settling in another currency than the purchase's (a China-issued
 * // UnionPay card in Russia settles in CNY, sources §2.6). The book lists every currency; the
 * // purchase is priced in the transaction currency as usual; pass the issuer's currency index and
 * // the rate transaction -> issuer currency of the event's day (x 1e8; the chargeback's own day
 * // for a chargeback). The acquirer side stays in the transaction currency, the issuer side is
 * // converted part by part (half to even), and the scheme swaps the difference with the book's
 * // FX account ("FX settlement", participant type `fx`). Same currency: the rate is ignored.
 * const fx = new FxTable(model.fx.rates);
 * const rate = fx.rateE8('RUB', 'CNY', day);           // txn -> issuer currency
 * book.clear(cycle, day, issuerIdx, acquirerIdx, purchase, fees, RUB, CNY, rate);
 * book.chargeback(cycle, day, issuerIdx, acquirerIdx, cb, RUB, CNY, fx.rateE8('RUB', 'CNY', cbDay));
 * book.authorizationFees(cycle, day, issuerIdx, acquirerIdx, feeI, feeA, RUB, CNY, rate);
 * // (RUB, CNY: indexes into `currencies`, e.g. book.currencyIndex('CNY'); legs: docs/fees.md.)
 *
 * // 4. End of run.
 * book.verify();                       // throws LedgerInvariantError with the numbers (per currency, FX account included)
 * for (const row of book.settlementRows()) settlementCsv.write(row);
 * for (const row of book.feeRows()) feesCsv.write(row);
 * ```
 *
 * ## Sharded runs (worker threads)
 * ```ts
 * // worker: same options as the main thread's book (full issuer/acquirer lists, global indexes)
 * const s = book.snapshot();
 * parentPort.postMessage(s, bookSnapshotBuffers(s));
 * // main thread, snapshots in shard order:
 * const merged = SettlementBook.fromSnapshots(opts, snapshots);   // onPosting is not replayed
 * merged.verify();
 * const acc = CompareAccumulator.fromSnapshots(models, compareSnapshots);
 * ```
 *
 * ## `sim compare`
 * Price the same purchases with one `FeePricer` per model, feed `CompareAccumulator.add`, then
 * `compareModels(acc).rows` are the compare.csv rows.
 *
 * @module
 */

export {
  PPM,
  PPM_PER_PERCENT,
  PPM_PER_BP,
  FX_SCALE,
  CURRENCIES,
  isKnownCurrency,
  currencyExponent,
  pow10,
  divRoundHalfEven,
  bigDivRoundHalfEven,
  applyPpm,
  mulDivRoundHalfEven,
  fxConvert,
  invertRateE8,
  parseDecimalScaled,
  parsePercentPpm,
  parseAmountMinor,
  parseRateE8,
  formatMinor,
  formatPpm,
  formatMoney,
  FxTable,
  type Money,
  type ParseResult,
  type FxSeries,
} from './money.js';

export {
  PRODUCTS,
  PRODUCT_DEBIT,
  PRODUCT_CREDIT,
  PRODUCT_PREMIUM,
  PRODUCT_COMMERCIAL,
  CHANNEL_CLASSES,
  CHANNEL_CARD_PRESENT,
  CHANNEL_CARD_NOT_PRESENT,
  CHANNEL_WALLET_TOKEN,
  CHANNEL_QR,
  REGIONS,
  MCC_COUNT,
  ALL_PRODUCTS,
  ALL_CHANNELS,
  ALL_REGIONS,
  ZERO_FEE,
  NO_SCHEME_FEES,
  channelClassOf,
  createFeeBreakdown,
  createChargebackBreakdown,
  partyNets,
  specFee,
  matchSize,
  mccMatches,
  rulesIntersect,
  ruleContains,
  findRuleConflicts,
  RuleTable,
  FeePricer,
  type Product,
  type ChannelClass,
  type Region,
  type MccRange,
  type FeeSpec,
  type MatchSpec,
  type FeeRule,
  type SchemeSideFees,
  type AcquirerPricing,
  type WithdrawalFeeSpec,
  type PlatformSpec,
  type FxSpec,
  type ChargebackPolicy,
  type FeeModel,
  type PurchaseInput,
  type FeeBreakdown,
  type ChargebackBreakdown,
  type PartyNets,
} from './fees.js';

export type { RawDecimal, RawMcc, RawFee, RawRule, RawSchemeSide, RawFeeModel } from './fee-model/raw-types.js';
export type { FeeFormatCode, FeeFormatIssue, ResolveResult, ResolveOptions } from './fee-model/issues.js';
/** The project's one "did you mean" (`nearestName` is its former name here). */
export { editDistance, nearest as nearestName } from '../diagnostics/suggest.js';
export { DEFAULT_MIN_AMOUNT_MAJOR, DEFAULT_AVOIDED_COST_OF_CASH_PPM, DEFAULT_CHARGEBACK } from './fee-model/sections.js';
export { resolveFeeModel } from './fee-model/resolve.js';
export { rebaseFeeModel, dayZeroRateE8 } from './fee-model/currency.js';
export { matchOf } from './fee-model/check.js';
export { FEE_MODEL_JSON_SCHEMA } from './fee-model/schema.js';

export { FEE_PRESETS, FEE_PRESET_NAMES } from './presets.js';
export { feeBound, type FeeBound } from './fee-bound.js';

export {
  ACCOUNT_TYPES,
  ACCOUNT_CARDHOLDER,
  ACCOUNT_ISSUER,
  ACCOUNT_SCHEME,
  ACCOUNT_ACQUIRER,
  ACCOUNT_MERCHANT,
  ACCOUNT_FX,
  POSTING_KINDS,
  KIND,
  KIND_COUNT,
  Ledger,
  LedgerInvariantError,
  ledgerSnapshotBuffers,
  type AccountType,
  type PostingKindName,
  type PostingListener,
  type LedgerOptions,
  type PostingRow,
  type AccountRow,
  type LedgerSnapshot,
} from './ledger.js';

export {
  PARTICIPANT_TYPES,
  SettlementBook,
  bookSnapshotBuffers,
  type BookSnapshot,
  type ParticipantType,
  type SettlementOptions,
  type SettlementRow,
  type FeeRow,
} from './settlement.js';

export {
  COMPARE_PARTICIPANTS,
  CompareAccumulator,
  compareSnapshotBuffers,
  compareModels,
  touristTestPasses,
  type CompareModelInfo,
  type CompareSnapshot,
  type CompareParticipant,
  type CompareRow,
  type ParticipantResult,
  type ChannelResult,
  type ModelResult,
  type CompareResult,
} from './compare.js';

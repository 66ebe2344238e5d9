import { join } from 'node:path';
import { OUTCOMES, W_ATTEMPTS, W_FAILURES, W_FIELDS, W_PROVISIONED, W_STEP_UPS, W_TOKENS_ACTIVE, W_TOKEN_PURCHASES, type RunResult, type TransactionRecord } from '../model/network.js';
import { W_KEYLESS_DECLINES, W_KEYLESS_ONLINE, W_REPLENISHMENTS, W_REPLENISH_FAILURES, W_TSM_FAILURES } from '../model/results.js';
import { walletSpecs } from '../model/wallet-build.js';
import {
  N_ARRIVALS, N_BUSY_US, N_COMPLETIONS, N_DOWN_REJECTS, N_FIELDS, N_MAX_QUEUE, N_QUEUE_AREA, N_SERVER_US, N_STAND_IN, N_TIMEOUTS,
  N_WAITED, N_WAIT_SUM_US, T_APPROVED, T_ATTEMPTS, T_DECLINED, T_FIELDS, T_LAT_P50, T_LAT_P95, T_LAT_P99, T_LAT_SUM,
  T_PEAK_TPS, T_REVERSALS, T_STAND_IN, T_TIMED_OUT, T_TOKENS_ACTIVE, T_TOKEN_PURCHASES, T_VALUE_APPROVED,
} from '../model/stats.js';
import { ROUTE_COLUMN, R_FOUR_PARTY } from '../model/routes.js';
import { CHANNELS, CHANNEL_ATM, CHANNEL_NFC_TOKEN, CHANNEL_QR, FRAUD_TYPES, type Scenario } from '../scenario/types.js';
import { currencyExponent, type Ledger, type PostingListener } from '../economics/index.js';
import type { PlatformPostingListener } from '../economics/platform-books.js';
import { CsvFile, fixed, minorToDecimal } from './csv.js';
import { withPlatformFees, withPlatformSettlement } from './platforms-csv.js';
import { Clock } from './time-format.js';

/** ISO 8583 response codes and what they mean, for declines.csv. */
export const RESPONSE_CODE_MEANINGS: Readonly<Record<string, string>> = {
  '00': 'approved',
  '05': 'do not honor',
  '14': 'invalid card number',
  '41': 'lost card',
  '43': 'stolen card',
  '51': 'insufficient funds',
  '54': 'expired card',
  '55': 'incorrect PIN',
  '57': 'transaction not permitted to cardholder',
  '59': 'suspected fraud',
  '61': 'exceeds withdrawal amount limit',
  '62': 'restricted card',
  '65': 'exceeds withdrawal frequency limit',
  '68': 'response received too late (timed out)',
  '75': 'PIN tries exceeded',
  '91': 'issuer or switch inoperative',
  '96': 'system malfunction',
  QL: 'over the PBOC daily barcode (QR) limit of the customer',
};

// Column orders, declared once: the header of each file comes from here.
export const THROUGHPUT_COLUMNS = [
  'bucket', 'start', 'attempts', 'approved', 'declined', 'timed_out', 'stand_in', 'reversals', 'approval_rate',
  'mean_tps', 'peak_tps', 'latency_mean_ms', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms',
  'token_purchases', 'tokens_active', 'value_approved', 'currency',
] as const;
export const NODES_COLUMNS = [
  'bucket', 'start', 'host', 'role', 'servers', 'servers_in_effect', 'arrivals', 'completions', 'utilization', 'mean_queue_length',
  'max_queue_length', 'mean_wait_ms', 'waited_share', 'timeouts', 'stand_in', 'down_rejects',
] as const;
export const DECLINES_COLUMNS = ['bucket', 'start', 'response_code', 'meaning', 'count'] as const;
export const WALLET_COLUMNS = [
  'day', 'date', 'wallet', 'provisioning_attempts', 'step_ups', 'failures', 'provisioned', 'tokens_active', 'token_purchases',
  'tsm_failures', 'key_replenishments', 'replenish_failures', 'keyless_declines', 'keyless_online',
] as const;
export const TRANSACTION_COLUMNS = [
  'time', 't_us', 'card', 'product', 'issuer', 'merchant', 'terminal', 'acquirer', 'category', 'mcc', 'channel',
  'amount', 'currency', 'outcome', 'response_code', 'latency_ms', 'stand_in', 'instrument', 'route', 'is_fraud', 'fraud_type',
] as const;

/** Output file names, in the order they are written and listed in the manifest. */
export const FILES = {
  throughput: 'throughput.csv',
  nodes: 'nodes.csv',
  declines: 'declines.csv',
  wallet: 'wallet.csv',
  transactions: 'transactions.csv',
} as const;

/** Writes the aggregate tables of a run into `dir`; returns the files written with their row counts. */
export function writeAggregates(r: RunResult, dir: string): { file: string; rows: number }[] {
  const sc = r.scenario;
  const clock = new Clock(sc.start);
  const out: { file: string; rows: number }[] = [];

  const tp = new CsvFile(join(dir, FILES.throughput), THROUGHPUT_COLUMNS);
  for (let b = r.firstBucket; b < r.buckets; b++) {
    const t = (f: number): number => r.throughput[b * T_FIELDS + f]!;
    const attempts = t(T_ATTEMPTS);
    const resolved = t(T_APPROVED) + t(T_DECLINED) + t(T_TIMED_OUT);
    const lenS = Math.min(r.bucketUs, sc.durationUs - b * r.bucketUs) / 1e6;
    tp.row([
      b, clock.iso(b * r.bucketUs), attempts, t(T_APPROVED), t(T_DECLINED), t(T_TIMED_OUT), t(T_STAND_IN), t(T_REVERSALS),
      fixed(attempts > 0 ? t(T_APPROVED) / attempts : 0, 6), fixed(attempts / lenS, 3), t(T_PEAK_TPS),
      fixed(resolved > 0 ? t(T_LAT_SUM) / resolved / 1000 : 0, 3),
      fixed(t(T_LAT_P50) / 1000, 3), fixed(t(T_LAT_P95) / 1000, 3), fixed(t(T_LAT_P99) / 1000, 3),
      t(T_TOKEN_PURCHASES), t(T_TOKENS_ACTIVE), minorToDecimal(t(T_VALUE_APPROVED), sc.currencyExponent), sc.currency,
    ]);
  }
  tp.close();
  out.push({ file: FILES.throughput, rows: tp.rows });

  const nodes = new CsvFile(join(dir, FILES.nodes), NODES_COLUMNS);
  const nh = r.hosts.length;
  for (let b = r.firstBucket; b < r.buckets; b++) {
    const lenUs = Math.min(r.bucketUs, sc.durationUs - b * r.bucketUs);
    for (let h = 0; h < nh; h++) {
      const host = r.hosts[h]!;
      const n = (f: number): number => r.nodes[(b * nh + h) * N_FIELDS + f]!;
      const arrivals = n(N_ARRIVALS);
      nodes.row([
        b, clock.iso(b * r.bucketUs), host.name, host.role, host.servers, fixed(n(N_SERVER_US) / lenUs, 3), arrivals,
        n(N_COMPLETIONS), fixed(n(N_SERVER_US) > 0 ? n(N_BUSY_US) / n(N_SERVER_US) : 0, 6), fixed(n(N_QUEUE_AREA) / lenUs, 6), n(N_MAX_QUEUE),
        fixed(arrivals > 0 ? n(N_WAIT_SUM_US) / arrivals / 1000 : 0, 6), fixed(arrivals > 0 ? n(N_WAITED) / arrivals : 0, 6),
        n(N_TIMEOUTS), n(N_STAND_IN), n(N_DOWN_REJECTS),
      ]);
    }
  }
  nodes.close();
  out.push({ file: FILES.nodes, rows: nodes.rows });

  const dec = new CsvFile(join(dir, FILES.declines), DECLINES_COLUMNS);
  const nc = r.codes.length;
  // Codes in ascending order, so the file does not depend on the order codes were registered.
  const order = r.codes.map((c, i) => ({ c, i })).sort((a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  for (let b = r.firstBucket; b < r.buckets; b++) {
    for (const { c, i } of order) {
      if (c === '00') continue;
      const count = r.declines[b * nc + i]!;
      if (count > 0) dec.row([b, clock.iso(b * r.bucketUs), c, RESPONSE_CODE_MEANINGS[c] ?? 'other', count]);
    }
  }
  dec.close();
  out.push({ file: FILES.declines, rows: dec.rows });

  const wallets = walletSpecs(sc);
  if (wallets.length > 0) {
    const w = new CsvFile(join(dir, FILES.wallet), WALLET_COLUMNS);
    // By local day, then the wallets in the scenario's order; the table is [(wallet * days + day) * W_FIELDS + field].
    for (let d = 0; d < r.days; d++) {
      wallets.forEach((spec, k) => {
        const base = (k * r.days + d) * W_FIELDS;
        const f = (i: number): number => r.wallet[base + i]!;
        w.row([d, clock.date(d), spec.name, f(W_ATTEMPTS), f(W_STEP_UPS), f(W_FAILURES), f(W_PROVISIONED), f(W_TOKENS_ACTIVE), f(W_TOKEN_PURCHASES),
          f(W_TSM_FAILURES), f(W_REPLENISHMENTS), f(W_REPLENISH_FAILURES), f(W_KEYLESS_DECLINES), f(W_KEYLESS_ONLINE)]);
      });
    }
    w.close();
    out.push({ file: FILES.wallet, rows: w.rows });
  }
  return out;
}

/** The `instrument` column: the wallet platform on a three-party route, else by the card's channel. */
export function instrumentOf(sc: Scenario, r: TransactionRecord): string {
  if (r.route !== R_FOUR_PARTY) return sc.networks!.platforms[r.platform]!.name;
  return r.channel === CHANNEL_QR ? 'unionpay_qr' : r.channel === CHANNEL_NFC_TOKEN ? 'nfc_token' : 'card';
}

/** Streams transactions.csv: one row per purchase, written as purchases finish. */
export class TransactionWriter {
  private readonly csv: CsvFile;
  private readonly clock: Clock;
  private readonly sc: Scenario;

  constructor(sc: Scenario, dir: string, private readonly name: string = FILES.transactions) {
    this.sc = sc;
    this.clock = new Clock(sc.start);
    this.csv = new CsvFile(join(dir, name), TRANSACTION_COLUMNS);
  }

  readonly write = (r: TransactionRecord): void => {
    const sc = this.sc;
    if (r.channel === CHANNEL_ATM) return this.writeWithdrawal(r);
    const cat = sc.merchants.categories[r.category]!;
    this.csv.row([
      this.clock.iso(r.startUs), r.startUs, r.card, r.credit ? 'credit' : 'debit', sc.issuers[r.issuer]!.name, r.merchant,
      r.terminal, sc.acquirers[r.acquirer]!.name, cat.name, cat.mcc, CHANNELS[r.channel]!,
      minorToDecimal(r.amountMinor, sc.currencyExponent), sc.currency, OUTCOMES[r.outcome]!, r.code,
      fixed(r.latencyUs / 1000, 3), r.standIn ? 1 : 0, instrumentOf(sc, r), ROUTE_COLUMN[r.route]!,
      r.fraudType < 0 ? 0 : 1, r.fraudType < 0 ? '' : FRAUD_TYPES[r.fraudType]!,
    ]);
  };

  /** An ATM withdrawal: category `atm`, MCC 6011, the ATM number as merchant and terminal, the card as instrument. */
  private writeWithdrawal(r: TransactionRecord): void {
    const sc = this.sc;
    this.csv.row([
      this.clock.iso(r.startUs), r.startUs, r.card, r.credit ? 'credit' : 'debit', sc.issuers[r.issuer]!.name, r.terminal,
      r.terminal, sc.acquirers[r.acquirer]!.name, 'atm', '6011', 'atm',
      minorToDecimal(r.amountMinor, sc.currencyExponent), sc.currency, OUTCOMES[r.outcome]!, r.code,
      fixed(r.latencyUs / 1000, 3), r.standIn ? 1 : 0, 'card', ROUTE_COLUMN[r.route]!,
    ]);
  }

  close(): { file: string; rows: number } {
    this.csv.close();
    return { file: this.name, rows: this.csv.rows };
  }
}

export const SETTLEMENT_COLUMNS = [
  'cycle', 'cycle_date', 'settlement_day', 'settlement_date', 'participant_type', 'participant', 'currency',
  'gross_debit', 'gross_credit', 'fees', 'net_position', 'netting_ratio',
] as const;
export const FEES_COLUMNS = [
  'day', 'date', 'participant_type', 'fee_type', 'currency', 'count', 'value', 'fee', 'effective_rate_bps',
] as const;
export const LEDGER_COLUMNS = ['day', 'date', 'kind', 'debit_account', 'credit_account', 'currency', 'amount'] as const;

export const MONEY_FILES = { settlement: 'settlement.csv', fees: 'fees.csv', ledger: 'ledger.csv' } as const;

/** Writes settlement.csv and fees.csv from the run's first settlement book. */
export function writeMoney(r: RunResult, dir: string): { file: string; rows: number }[] {
  const sc = r.scenario;
  const book = r.money?.books[0];
  if (book === undefined) return [];
  const clock = new Clock(sc.start);
  // Each row in its own currency's minor unit (an issuer may settle in another currency).
  const exp = (currency: string): number => currencyExponent(currency);
  const st = new CsvFile(join(dir, MONEY_FILES.settlement), SETTLEMENT_COLUMNS);
  // Cycles are numbered by the day of their cut-off (day 0 holds t = 0; -1 for a cut-off the
  // evening before, in an acquirer's zone west of the scenario's).
  const base = r.money!.cycleBase;
  for (const row of withPlatformSettlement(r, book.settlementRows(), base)) {
    const cycle = row.cycle - base;
    const settles = row.settlement_day - base;
    st.row([
      cycle, clock.date(cycle), settles, clock.date(settles), row.participant_type,
      row.participant, row.currency, minorToDecimal(row.gross_debit_minor, exp(row.currency)), minorToDecimal(row.gross_credit_minor, exp(row.currency)),
      minorToDecimal(row.fees_minor, exp(row.currency)), minorToDecimal(row.net_position_minor, exp(row.currency)), fixed(row.netting_ratio, 6),
    ]);
  }
  st.close();
  const fees = new CsvFile(join(dir, MONEY_FILES.fees), FEES_COLUMNS);
  for (const row of withPlatformFees(r, book.feeRows())) {
    fees.row([
      row.day, clock.date(row.day), row.participant_type, row.fee_type, row.currency, row.count,
      minorToDecimal(row.value_minor, exp(row.currency)), minorToDecimal(row.fee_minor, exp(row.currency)),
      row.effective_rate_bps === null ? '' : fixed(row.effective_rate_bps, 2),
    ]);
  }
  fees.close();
  return [
    { file: MONEY_FILES.settlement, rows: st.rows },
    { file: MONEY_FILES.fees, rows: fees.rows },
  ];
}

/** Streams ledger.csv: every posting of the run's fee model, as it is made. */
export class LedgerWriter {
  private readonly csv: CsvFile;
  private readonly clock: Clock;
  private ledger?: Ledger;

  private readonly currency: string;

  constructor(sc: Scenario, dir: string, private readonly name: string = MONEY_FILES.ledger) {
    this.csv = new CsvFile(join(dir, name), LEDGER_COLUMNS);
    this.currency = sc.currency;
    this.clock = new Clock(sc.start);
  }

  /** The ledger whose account names label the rows. */
  attach(ledger: Ledger): void {
    this.ledger = ledger;
  }

  /** A posting of the wallet platforms' books (in the scenario's currency). */
  readonly writePlatform: PlatformPostingListener = (day, kind, debit, credit, amount) => {
    this.csv.row([day, this.clock.date(day), kind, debit, credit, this.currency, minorToDecimal(amount, currencyExponent(this.currency))]);
  };

  readonly write: PostingListener = (kind, debit, credit, amount, currency, day) => {
    const row = this.ledger!.postingRow(kind, debit, credit, amount, currency, day);
    this.csv.row([row.day, this.clock.date(row.day), row.kind, row.debit_account, row.credit_account, row.currency, minorToDecimal(row.amount_minor, currencyExponent(row.currency))]);
  };

  close(): { file: string; rows: number } {
    this.csv.close();
    return { file: this.name, rows: this.csv.rows };
  }
}

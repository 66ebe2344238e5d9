/**
 * Every table Quartet writes, column by column: type, unit and meaning. This is the one
 * definition that datapackage.json (Frictionless Table Schema) and docs/outputs.md are made
 * from; each table's column order is the writer's own header constant, and the types below
 * must name exactly those columns (the compiler refuses a missing or an extra one; a test
 * checks the headers real runs write).
 */
import { ACCEPTANCE_COLUMNS, ACCEPTANCE_FILE } from './acceptance-csv.js';
import { ATM_COLUMNS, ATM_FILE } from './atm-csv.js';
import { CHOICE_COLUMNS, CHOICE_FILE, PLATFORMS_COLUMNS, PLATFORMS_FILE } from './platforms-csv.js';
import { FRAUD_COLUMNS, FRAUD_FILE } from './fraud-csv.js';
import { MARKETS_COLUMNS, MARKETS_FILE } from './markets-csv.js';
import { FRAUD_TYPES } from '../scenario/types.js';
import {
  DECLINES_COLUMNS, FEES_COLUMNS, FILES, LEDGER_COLUMNS, MONEY_FILES, NODES_COLUMNS, SETTLEMENT_COLUMNS,
  THROUGHPUT_COLUMNS, TRANSACTION_COLUMNS, WALLET_COLUMNS,
} from './records.js';
import {
  CALIBRATION, CALIBRATION_NRMSE, COMPARE, COMPARE_INTERVALS, COMPARE_REGIMES, REPLICATIONS, REPLICATION_VALUES, SWEEP, SWEEP_VALUES,
} from './datapackage-dir-tables.js';
import { CODE, PARTICIPANTS, PLATFORM_PARTICIPANTS, PLATFORM_PAYERS, bucket, count, currency, date, day, money, start, table, type Column, type TableDef } from './table-def.js';

export type { Column, DirectoryKind, FieldType, TableDef, Unit } from './table-def.js';
export { DATETIME_FORMAT } from './table-def.js';
export {
  CALIBRATION, CALIBRATION_NRMSE, COMPARE, COMPARE_INTERVALS, COMPARE_REGIMES, REPLICATIONS, REPLICATION_VALUES, REPLICATIONS_COLUMNS,
  REPLICATION_VALUES_COLUMNS, SWEEP, SWEEP_COLUMNS, SWEEP_VALUES, SWEEP_VALUES_COLUMNS,
} from './datapackage-dir-tables.js';

export const THROUGHPUT = table({
  file: FILES.throughput,
  row: "time bucket (the scenario's `bucket`, default 1 h)",
  when: 'always',
  dirs: ['run', 'compare'],
  columns: THROUGHPUT_COLUMNS,
  primaryKey: ['bucket'],
  fields: {
    bucket,
    start,
    attempts: count('purchases started in the bucket (attempts = approved + declined + timed_out)'),
    approved: count('of them, approved'),
    declined: count('of them, declined (by the issuer, or by the switch in stand-in)'),
    timed_out: count('of them, timed out (the terminal or the acquirer gave up waiting)'),
    stand_in: count('of them, decided by the switch in place of the issuer (approved or declined)'),
    reversals: count('reversals the acquirer sent after a timeout'),
    approval_rate: { type: 'number', description: 'approved / attempts (0 with no attempts)', unit: 'share' },
    mean_tps: { type: 'number', description: 'attempts / the bucket\'s length in seconds', unit: 'per_s' },
    peak_tps: { type: 'integer', description: 'purchases started in the busiest second of the bucket', unit: 'per_s' },
    latency_mean_ms: { type: 'number', description: 'mean end-to-end latency (terminal to terminal) of the resolved purchases', unit: 'ms' },
    latency_p50_ms: { type: 'number', description: 'median end-to-end latency (from the latency histogram)', unit: 'ms' },
    latency_p95_ms: { type: 'number', description: '95th percentile of the end-to-end latency', unit: 'ms' },
    latency_p99_ms: { type: 'number', description: '99th percentile of the end-to-end latency', unit: 'ms' },
    token_purchases: count('purchases paid with a wallet token'),
    tokens_active: count('wallet tokens active at the end of the bucket'),
    value_approved: { type: 'number', description: 'value of the approved purchases', unit: 'currency' },
    currency: currency('value_approved (the scenario currency)'),
  },
});

export const NODES = table({
  file: FILES.nodes,
  row: 'time bucket and host (each acquirer host, the switch, each issuer host)',
  when: 'always',
  dirs: ['run', 'compare'],
  columns: NODES_COLUMNS,
  primaryKey: ['bucket', 'host'],
  fields: {
    bucket,
    start,
    host: { type: 'string', description: 'the host: an acquirer or issuer by name, or `switch`' },
    role: { type: 'string', description: 'what the host is', values: ['acquirer', 'switch', 'issuer', 'platform', 'clearing_house'] },
    servers: count('servers of the host (its parallel capacity), as configured'),
    servers_in_effect: { type: 'number', description: 'servers in service, averaged over the bucket: `servers` less those a capacity fault withdraws for the part of the bucket it covers', unit: 'count' },
    arrivals: count('requests admitted to the host in the bucket'),
    completions: count('requests the host finished serving in the bucket'),
    utilization: { type: 'number', description: 'busy server time / (servers_in_effect x the bucket\'s length)', unit: 'share' },
    mean_queue_length: { type: 'number', description: 'time-average number of requests waiting (not in service)', unit: 'count' },
    max_queue_length: count('longest queue seen in the bucket'),
    mean_wait_ms: { type: 'number', description: 'mean wait before service of the requests that arrived', unit: 'ms' },
    waited_share: { type: 'number', description: 'share of arrivals that had to queue', unit: 'share' },
    timeouts: count("requests to this host whose caller's timer expired first (the terminal's on an acquirer, the acquirer's on the switch, the switch's on an issuer)"),
    stand_in: count('purchases the switch decided in place of this issuer (issuer hosts only)'),
    down_rejects: count('requests refused because the host was down'),
  },
});

export const DECLINES = table({
  file: FILES.declines,
  row: 'time bucket and response code with at least one purchase',
  when: 'always',
  dirs: ['run', 'compare'],
  columns: DECLINES_COLUMNS,
  primaryKey: ['bucket', 'response_code'],
  fields: {
    bucket,
    start,
    response_code: { type: 'string', description: 'ISO 8583 response code, two digits as text (05 is not 5); 68 = timed out', pattern: CODE },
    meaning: { type: 'string', description: 'what the code means' },
    count: count('purchases of the bucket that ended with this code'),
  },
});

export const WALLET = table({
  file: FILES.wallet,
  row: 'local day and wallet',
  when: 'when the scenario has a wallet',
  dirs: ['run', 'compare'],
  columns: WALLET_COLUMNS,
  primaryKey: ['day', 'wallet'],
  fields: {
    day,
    date,
    wallet: { type: 'string', description: 'the wallet (one row per wallet and day, in the order of `wallets:`)' },
    provisioning_attempts: count('cards that tried to provision a wallet token that day'),
    step_ups: count('of them, asked for a one-time password (step-up)'),
    failures: count('provisioning attempts that failed (TSM step failures included)'),
    provisioned: count('tokens provisioned that day (a secure-element token when its last TSM step is done)'),
    tokens_active: count('tokens active at the end of the day'),
    token_purchases: count('purchases paid with a token that day'),
    tsm_failures: count('secure-element provisioning attempts that failed at a TSM step'),
    key_replenishments: count("HCE tokens whose limited-use keys were replenished online (the token service's load)"),
    replenish_failures: count('HCE key replenishments that failed'),
    keyless_declines: count('HCE token purchases declined (NK) with no key left'),
    keyless_online: count('HCE token purchases with no key left that went online to the token service'),
  },
});

export const PLATFORMS = table({
  file: PLATFORMS_FILE,
  row: 'local day and wallet platform',
  when: 'when the scenario has `networks`',
  dirs: ['run'],
  columns: PLATFORMS_COLUMNS,
  primaryKey: ['day', 'platform'],
  fields: {
    day,
    date,
    platform: { type: 'string', description: 'the wallet platform' },
    payments: count('approved payments, by the local day of their answer'),
    bank_funded: count('of them, funded from a bank card through the clearing house'),
    value: money('value of the payments'),
    wallet_payments: money('value paid from wallet balances'),
    bank_payments: money('value paid from bank cards'),
    merchant_fees: money("the merchants' fees to the platform (standard or promotional rate)"),
    clearing_fees: money("the platform's fees to the clearing house on bank-funded payments"),
    consumer_subsidies: money('cash-back paid to consumers'),
    merchant_subsidies: money('subsidies paid to merchants'),
    float_income: money('interest on the money the platform held (balances before spending, merchant money until payout)'),
    withdrawals: money('balances withdrawn to the consumers\' banks through the clearing house'),
    withdrawal_fees: money('fees on the withdrawals above each consumer\'s lifetime free quota'),
    net_revenue: money('merchant fees + withdrawal fees + float - clearing fees - subsidies'),
    currency: currency('the amounts'),
  },
});

export const CHOICE = table({
  file: CHOICE_FILE,
  row: 'local day and instrument',
  when: 'when the scenario has `networks`',
  dirs: ['run'],
  columns: CHOICE_COLUMNS,
  primaryKey: ['day', 'instrument'],
  fields: {
    day,
    date,
    instrument: { type: 'string', description: "`card` (the four-party network) or a wallet platform's name" },
    purchases: count('card-present purchases that chose it that day (by their start)'),
    value: money('their value'),
    share: { type: 'number', description: "its share of the day's card-present purchases", unit: 'share' },
    currency: currency('the value'),
  },
});

export const ACCEPTANCE = table({
  file: ACCEPTANCE_FILE,
  row: 'local day and instrument',
  when: 'when the scenario has `networks`',
  dirs: ['run'],
  columns: ACCEPTANCE_COLUMNS,
  primaryKey: ['day', 'instrument'],
  fields: {
    day,
    date,
    instrument: { type: 'string', description: "a wallet platform's name (its static QR sticker), `unionpay_qr` (the QR channel of the card network) or `nfc` (contactless and NFC tokens)" },
    merchants_accepting: count('card-present merchants accepting it at the start of the day (after the day\'s `networks.adoption` step)'),
    merchant_share: { type: 'number', description: 'their share of the card-present merchants', unit: 'share' },
    consumers_holding: count('consumers holding it: a wallet\'s holders, every cardholder for `unionpay_qr`, the QuickPass token holders for `nfc`'),
    consumer_share: { type: 'number', description: 'their share of the consumers (cards)', unit: 'share' },
  },
});

export const ATM = table({
  file: ATM_FILE,
  row: 'local day (of the withdrawals\' start)',
  when: 'when the scenario has an `atm` section',
  dirs: ['run'],
  columns: ATM_COLUMNS,
  primaryKey: ['day'],
  fields: {
    day,
    date,
    attempts: count('cash withdrawals started at ATMs'),
    approved: count('of them, approved by the issuer or by stand-in'),
    declined: count('declined'),
    timed_out: count('timed out (an ATM, acquirer or switch timer fired first)'),
    stand_in: count('decided by the switch in place of the issuer'),
    dispense_failures: count('approved but not dispensed: each reversed in full, the funds given back'),
    dispensed: count('withdrawals dispensed (approved minus dispense failures)'),
    value: money('cash dispensed'),
    on_us: count("dispensed at an ATM of the card's own bank"),
    off_us: count("dispensed at another bank's ATM"),
    cross_border: count('dispensed to cross-border cards'),
    latency_mean_ms: { type: 'number', description: 'mean authorization latency, ATM to ATM', unit: 'ms' },
    interchange: money("ATM interchange paid by the issuers to the ATMs' acquirers"),
    cardholder_fees: money("the cardholders' ATM fees to their issuers"),
    currency: currency('the amounts'),
  },
});

export const TRANSACTIONS = table({
  file: FILES.transactions,
  row: 'purchase or ATM withdrawal, in the order they finish',
  when: 'with `--transactions`',
  dirs: ['run'],
  columns: TRANSACTION_COLUMNS,
  fields: {
    time: { type: 'datetime', description: 'when the purchase started, local time' },
    t_us: { type: 'integer', description: 'when the purchase started, microseconds since the start of the run', unit: 'us' },
    card: { type: 'integer', description: 'card number (0-based index in the card population)' },
    product: { type: 'string', description: 'card product', values: ['debit', 'credit'] },
    issuer: { type: 'string', description: "the card's issuer" },
    merchant: { type: 'integer', description: 'merchant number' },
    terminal: { type: 'integer', description: 'terminal number' },
    acquirer: { type: 'string', description: "the terminal's acquirer" },
    category: { type: 'string', description: 'merchant category (the scenario\'s name for it)' },
    mcc: { type: 'string', description: 'ISO 18245 merchant category code, four digits as text', pattern: '^[0-9]{4}$' },
    channel: { type: 'string', description: 'how the card was presented (`atm`: a cash withdrawal, category `atm`, MCC 6011, the ATM number as merchant and terminal)', values: ['chip', 'contactless', 'nfc_token', 'qr', 'ecommerce', 'atm'] },
    amount: { type: 'number', description: 'purchase amount', unit: 'currency' },
    currency: currency('amount'),
    outcome: { type: 'string', description: 'what the terminal saw', values: ['approved', 'declined', 'timed_out'] },
    response_code: { type: 'string', description: 'ISO 8583 response code, two characters as text: 00 approved, 68 timed out, QL over a PBOC QR limit', pattern: CODE },
    latency_ms: { type: 'number', description: 'end-to-end latency, terminal to terminal', unit: 'ms' },
    stand_in: { type: 'boolean', description: 'the switch decided in place of the issuer (1) or not (0)' },
    instrument: { type: 'string', description: "what the consumer paid with: `card`, `unionpay_qr` or `nfc_token` on the four-party route, or the wallet platform's name" },
    route: { type: 'string', description: 'the network that carried it', values: ['four_party', 'three_party'] },
    is_fraud: { type: 'boolean', description: 'a labelled fraud attempt (1) or a genuine purchase (0); always 0 without `fraud`' },
    fraud_type: { type: 'string', description: 'the fraud typology of a fraud attempt; empty for a genuine purchase', values: [...FRAUD_TYPES], optional: true },
  },
});

export const FRAUD = table({
  file: FRAUD_FILE,
  row: 'local day, fraud typology and liable party (rows with nothing in them are left out)',
  when: 'when the scenario has `fraud`',
  dirs: ['run'],
  columns: FRAUD_COLUMNS,
  primaryKey: ['day', 'fraud_type', 'bearer'],
  fields: {
    day,
    date,
    fraud_type: { type: 'string', description: 'the typology, or `genuine` for the genuine purchases (their false positives)', values: [...FRAUD_TYPES, 'genuine'] },
    bearer: { type: 'string', description: 'who bears the loss: the issuer (it refunds its cardholder, less the cardholder\'s part) or the merchant (a chargeback through its acquirer); `none` for genuine purchases', values: ['issuer', 'merchant', 'none'] },
    episodes: count('fraud episodes started that day (a card, a range of card numbers or a cardholder who will dispute)'),
    attempts: count('attempts started that day (genuine: 0)'),
    scored: count("of the day's attempts (genuine: purchases), those the issuer's scoring saw (not declined before it: wrong number, blocked or expired card, stand-in)"),
    detected: count('of them, declined 59 by the scoring (genuine: false positives)'),
    approved: count('attempts approved'),
    loss: money('value of the approved attempts'),
    cardholder_loss: money('the part of the loss the cardholders bear (lost or stolen cards, up to `cardholder_liability` per card)'),
    currency: currency('the amounts'),
  },
});

export const SETTLEMENT = table({
  file: MONEY_FILES.settlement,
  row: 'settlement cycle, participant and currency',
  when: 'when the scenario has fees',
  dirs: ['run'],
  columns: SETTLEMENT_COLUMNS,
  primaryKey: ['cycle', 'participant_type', 'participant', 'currency'],
  fields: {
    cycle: { type: 'integer', description: 'cycle number: the local day of its cut-off (-1 for a cut-off the evening before the run, in a zone west of the scenario\'s)', unit: 'days' },
    cycle_date: { type: 'date', description: 'local date of the cycle\'s cut-off day' },
    settlement_day: { type: 'integer', description: 'local day on which the positions settle (T+1 by default; merchants T+N)', unit: 'days' },
    settlement_date: { type: 'date', description: 'local date of the settlement day' },
    participant_type: { type: 'string', description: 'the kind of participant (fx: the scheme\'s FX settlement account; with wallet platforms also the platform, its merchants, the clearing house and the banks that fund its payments)', values: [...PARTICIPANTS.filter((p) => p !== 'cardholder'), ...PLATFORM_PARTICIPANTS] },
    participant: { type: 'string', description: 'the participant by name (merchants: all the merchants of one acquirer)' },
    currency: currency('the amounts of the row (the participant\'s settlement currency)'),
    gross_debit: { type: 'number', description: 'what the participant pays in the cycle', unit: 'currency' },
    gross_credit: { type: 'number', description: 'what the participant receives in the cycle', unit: 'currency' },
    fees: { type: 'number', description: 'fees received minus fees paid', unit: 'currency' },
    net_position: { type: 'number', description: 'gross_credit - gross_debit: positive = the participant receives', unit: 'currency' },
    netting_ratio: { type: 'number', description: '|net_position| / (gross_debit + gross_credit), 0 when nothing moved', unit: 'share' },
  },
});

export const FEES = table({
  file: MONEY_FILES.fees,
  row: 'local day, fee type and currency',
  when: 'when the scenario has fees',
  dirs: ['run'],
  columns: FEES_COLUMNS,
  primaryKey: ['day', 'fee_type', 'currency'],
  fields: {
    day,
    date,
    participant_type: { type: 'string', description: 'who pays the fee (with wallet platforms also the platform, the reserve bank for the float and the consumer)', values: [...PARTICIPANTS, ...PLATFORM_PAYERS] },
    fee_type: { type: 'string', description: 'the posting kind (interchange, scheme_fee_issuer, merchant_discount, ..., and their _reversal on chargebacks; see docs/fees.md; the wallet platforms\' wallet_merchant_fee, wallet_promotional_fee, clearing_fee, consumer_subsidy, merchant_subsidy, float_income, wallet_withdrawal_fee)' },
    currency: currency('value and fee'),
    count: count('postings of this fee type that day'),
    value: { type: 'number', description: 'value of the purchases the fee was charged on (0 for per-authorization fees)', unit: 'currency' },
    fee: { type: 'number', description: 'the fees posted', unit: 'currency' },
    effective_rate_bps: { type: 'number', description: 'fee / value; empty when value is 0', unit: 'bp', optional: true },
  },
});

export const LEDGER = table({
  file: MONEY_FILES.ledger,
  row: 'double-entry posting, in the order they are made',
  when: 'with `--ledger` (scenarios with fees)',
  dirs: ['run'],
  columns: LEDGER_COLUMNS,
  fields: {
    day,
    date,
    kind: { type: 'string', description: 'the posting kind (purchase, interchange, chargeback, ...; see docs/fees.md; the wallet platforms\' books add wallet_payment, bank_payment and their fee kinds)' },
    debit_account: { type: 'string', description: 'the account that pays' },
    credit_account: { type: 'string', description: 'the account that receives' },
    currency: currency('amount'),
    amount: { type: 'number', description: 'the amount posted', unit: 'currency' },
  },
});

export const MARKETS = table({
  name: 'markets',
  file: MARKETS_FILE,
  row: 'local day and market (rows with nothing in them are left out)',
  when: 'when the scenario has `markets`',
  dirs: ['run'],
  columns: MARKETS_COLUMNS,
  primaryKey: ['day', 'market'],
  fields: {
    day,
    date,
    market: { type: 'string', description: 'the market (`markets[].name`)' },
    purchases: count("purchases started at the market's merchants"),
    cross_border: count('of them, with a card of another market'),
    visitors: count('of them, by a visitor flow (`travellers`)'),
    abroad: count("purchases of the market's own cards at merchants of other markets"),
    cleared: count("purchases the market's acquirers cleared (0 without fees)"),
    cleared_value: { type: 'number', description: "their value in the market's currency (converted from the scenario's at fees.fx.rates)", unit: 'currency' },
    currency: currency('the cleared value'),
  },
});

export const TABLES: readonly TableDef[] = [THROUGHPUT, NODES, DECLINES, WALLET, PLATFORMS, CHOICE, ACCEPTANCE, ATM, TRANSACTIONS, FRAUD, SETTLEMENT, FEES, LEDGER, CALIBRATION, CALIBRATION_NRMSE, COMPARE, COMPARE_REGIMES, COMPARE_INTERVALS, REPLICATIONS, REPLICATION_VALUES, SWEEP, SWEEP_VALUES, MARKETS];

/** A `--grid` axis as a table column: its path and its values as given. */
export interface GridColumn {
  readonly key: string;
  readonly values: readonly string[];
}

/** The header of a table with grid columns (sweep.csv): the axes' paths after `gridAfter`; other tables as they are. */
export function gridColumns(t: TableDef, grid: readonly GridColumn[]): string[] {
  if (t.gridAfter === undefined) return [...t.columns];
  const at = t.columns.indexOf(t.gridAfter) + 1;
  return [...t.columns.slice(0, at), ...grid.map((g) => g.key), ...t.columns.slice(at)];
}

/** A grid axis's column: integer or number when every value is one in plain notation, else the YAML text. */
export function gridField(g: GridColumn): Column {
  const type = g.values.every((v) => /^-?\d+$/.test(v)) ? 'integer' : g.values.every((v) => /^-?\d+(\.\d+)?$/.test(v)) ? 'number' : 'string';
  return { type, description: `the point's value of the grid axis \`${g.key}\` (\`--grid ${g.key}=[...]\`), as given` };
}

/**
 * The table a data file holds, by its base name (`throughput.csv`, `throughput.parquet`) and, where
 * two directory kinds hold different tables under one name (compare.csv), the directory's kind;
 * undefined for other files.
 */
export function tableOf(file: string, kind?: string): TableDef | undefined {
  const base = file.replace(/\.[^.]+$/, '');
  const named = TABLES.filter((t) => t.file.replace(/\.[^.]+$/, '') === base);
  return named.find((t) => kind !== undefined && (t.dirs as readonly string[]).includes(kind)) ?? named[0];
}

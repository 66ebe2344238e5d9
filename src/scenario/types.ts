import type { FeeModel } from '../economics/fees.js';
import type { AtmPrices } from '../economics/atm-legs.js';
import type { PlatformPrices } from '../economics/platform-books.js';
import type { CalibrationTarget } from './calibration-types.js';

/**
 * The resolved scenario: plain data produced by the YAML pipeline (load -> structure -> defaults
 * -> sections -> relations, run by `validate.ts`) and consumed by the model (`src/model`, which
 * builds a `Network` from it, one per shard) and the output writers. Every default is already
 * filled in, every name resolved to an index, every duration converted to integer microseconds
 * and every amount to integer minor units.
 *
 * Units are in the names: `Us` = integer microseconds of simulated time, `Minor` = integer minor
 * units (kopecks, fen, cents) of `currency`.
 */

/** A distribution of a duration, in microseconds. */
export type DurationDist =
  | { readonly kind: 'fixed'; readonly valueUs: number }
  | { readonly kind: 'exponential'; readonly meanUs: number }
  /** Lognormal with the given arithmetic mean and sigma of ln(x). */
  | { readonly kind: 'lognormal'; readonly meanUs: number; readonly sigma: number }
  | { readonly kind: 'uniform'; readonly minUs: number; readonly maxUs: number }
  /** Each draw from one part, chosen with chance weight / total weight (a latency tail: a small weight on a slow part). */
  | { readonly kind: 'mixture'; readonly parts: readonly { readonly weight: number; readonly value: DurationDist }[] };

/** A distribution of an amount of money, in minor units. */
export type AmountDist =
  | { readonly kind: 'fixed'; readonly valueMinor: number }
  /** Lognormal with the given arithmetic mean and sigma of ln(x). */
  | { readonly kind: 'lognormal'; readonly meanMinor: number; readonly sigma: number };

/** A multi-server first-come-first-served host. */
export interface HostSpec {
  readonly servers: number;
  readonly service: DurationDist;
}

/** A named part of a whole: an issuer, an acquirer, a merchant category. */
export interface NamedShare {
  readonly name: string;
  /** Its share of the whole; the shares of a list sum to 1. */
  readonly share: number;
}

/**
 * What issuers and acquirers have in common. The share is of all cards issued by this issuer (of
 * all terminals acquired by this acquirer).
 */
export interface PartySpec extends NamedShare {
  readonly host: HostSpec;
}

export interface IssuerSpec extends PartySpec {
  /** Whether its cardholders can provision wallet tokens (Huawei Pay). */
  readonly wallet: boolean;
  /** Purchase rate of its active cards relative to the scenario's per-card rate (1 = the same). */
  readonly activity: number;
}

export interface AcquirerSpec extends PartySpec {
  /** The acquirer's timer on the switch: on expiry it declines to the terminal and sends a reversal. */
  readonly timeoutUs: number;
}

export interface StandInSpec {
  readonly enabled: boolean;
  /** Per-transaction amount limit. */
  readonly maxAmountMinor: number;
  /** Per-card count limit per calendar day (scenario time zone). */
  readonly maxCountPerDay: number;
  /** Per-card cumulative amount limit per calendar day. */
  readonly maxAmountPerDayMinor: number;
}

export interface SwitchSpec {
  readonly name: string;
  readonly host: HostSpec;
  /** Extra service time at the switch for a wallet-token purchase (detokenization). */
  readonly detokenize: DurationDist;
  /** The switch's timer on the issuer (Visa ATR style); on expiry stand-in applies. */
  readonly issuerTimeoutUs: number;
  readonly standIn: StandInSpec;
}

/** Request-direction and response-direction latency of each link class. */
export interface LinksSpec {
  readonly terminalAcquirer: DurationDist;
  readonly acquirerSwitch: DurationDist;
  readonly switchIssuer: DurationDist;
  readonly issuerSwitch: DurationDist;
  readonly switchAcquirer: DurationDist;
  readonly acquirerTerminal: DurationDist;
}

/** Terminal channels. The numeric values are stable: they appear in bit masks and in outputs. */
export const CHANNELS = ['chip', 'contactless', 'nfc_token', 'qr', 'ecommerce'] as const;
export type Channel = (typeof CHANNELS)[number];
export const [CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_NFC_TOKEN, CHANNEL_QR, CHANNEL_ECOMMERCE] = [0, 1, 2, 3, 4] as const;
/** An ATM cash withdrawal (not a terminal channel of `CHANNELS`: `atm` in transactions.csv). */
export const CHANNEL_ATM = 5;

/**
 * ATM cash withdrawals (the `atm` section). Amounts in minor units, durations in µs, rates in
 * parts of 1; the ATM fees (`AtmPrices`: interchange issuer -> acquirer, cardholder fees) in ppm.
 */
export interface AtmSpec extends AtmPrices {
  /** ATMs of each acquirer (index = acquirer), k-scaled like the terminals. */
  readonly perAcquirer: readonly number[];
  /** Share of ATMs with a contactless reader (a token holder withdraws with the phone there). */
  readonly contactlessShare: number;
  /** Withdrawals per active card per day and the amount distribution, by product (0 debit, 1 credit). */
  readonly perCardPerDay: readonly [number, number];
  readonly amount: readonly [AmountDist, AmountDist];
  /** Switch -> issuer, acquirer -> switch and ATM -> acquirer timers of a withdrawal. */
  readonly issuerTimeoutUs: number;
  readonly acquirerTimeoutUs: number;
  readonly terminalTimeoutUs: number;
  /** Share of approved withdrawals the ATM fails to dispense (reversed in full). */
  readonly dispenseFailureRate: number;
  /** Per issuer: the acquirer index of the same bank (its ATMs are on-us), or -1. */
  readonly sameBank: readonly number[];
}

/** A merchant category; its share is of the purchase count. */
export interface CategorySpec extends NamedShare {
  readonly mcc: number;
  readonly ticket: AmountDist;
  /** Card-not-present category (e-commerce): its terminals take only the `ecommerce` channel. */
  readonly cardNotPresent: boolean;
}

export interface MerchantsSpec {
  /** Number of terminals in the simulated acceptance network. */
  readonly terminals: number;
  /** Terminals per merchant location (merchants = ceil(terminals / this)). */
  readonly terminalsPerMerchant: number;
  readonly categories: readonly CategorySpec[];
  /**
   * For card-present terminals: the share of terminals supporting each card-present channel,
   * indexed by channel number (chip, contactless, nfc_token, qr); `ecommerce` is ignored here.
   */
  readonly capabilityShare: readonly number[];
  /** The terminal's own timer on its acquirer. */
  readonly terminalTimeoutUs: number;
}

export interface CardsSpec {
  readonly count: number;
  /** Share of cards that make purchases at all. */
  readonly activeShare: number;
  /** Share of cards that are credit (the rest are debit). */
  readonly creditShare: number;
  readonly expiredShare: number;
  /** Lost or stolen (declined 41/43). */
  readonly blockedShare: number;
  /** When true, funds never run out (plain queueing networks). */
  readonly unlimitedFunds: boolean;
  /** Starting available balance (debit) and open-to-buy (credit). */
  readonly debitBalance: AmountDist;
  readonly creditLimit: AmountDist;
  /** Replenishment per card per day (salary, repayments), applied lazily at authorization. */
  readonly debitIncomePerDayMinor: number;
  readonly creditRepaymentPerDayMinor: number;
  /** Income follows spending: each local day a card is topped up to its standing (starting) balance; income_per_day unused. */
  readonly incomeTopUp?: true;
}

export interface DemandSpec {
  /**
   * Either a per-active-card daily purchase rate shaped by the hourly and weekly profiles
   * (`perCardPerDay`), or a constant arrival rate (`constantPerSecond`); exactly one is > 0.
   */
  readonly perCardPerDay: number;
  readonly constantPerSecond: number;
  /** 24 weights for the hours of the local day, summing to 1. */
  readonly hourly: readonly number[];
  /** 7 multipliers of the daily total, Monday first. */
  readonly weekly: readonly number[];
}

export interface WalletSpec {
  readonly enabled: boolean;
  readonly name: string;
  /** Share of active cards of wallet issuers whose holders have a capable phone: the Bass pool m. */
  readonly eligibleShare: number;
  /** Bass coefficients per day. */
  readonly bassP: number;
  readonly bassQ: number;
  /** Share of provisioning attempts that need an OTP step-up (adds latency, recorded). */
  readonly stepUpShare: number;
  /** Share of provisioning attempts that fail; the holder stays in the pool. */
  readonly provisioningFailure: number;
  /** Multiplier of a token holder's purchase rate (wallet users transact more). */
  readonly uplift: number;
  /** Relative weight of the token channel against the card channels, for a token holder at an NFC terminal. */
  readonly tokenWeight: number;
  /** Participating issuers (indices into `issuers`); absent: the issuers of `issuers.wallet`. */
  readonly issuers?: readonly number[];
  /** Eligible phone brands (indices into `phones`); absent: any phone (the pool is `eligibleShare` of the active cards). */
  readonly devices?: readonly number[];
  /** Detokenization time at this wallet's token service provider; absent: `switch.detokenize`. */
  readonly tsp?: DurationDist;
  /** The token kind: plain (absent), secure element through a TSM, or HCE cloud tokens with limited-use keys. */
  readonly token?: TokenKindSpec;
}

/** Secure-element tokens, provisioned through a TSM in steps; HCE cloud tokens, with a stock of limited-use keys. */
export type TokenKindSpec =
  | { readonly kind: 'se'; readonly steps: readonly TsmStepSpec[] }
  | {
      readonly kind: 'hce';
      /** Limited-use keys a token holds when full (1-127). */
      readonly keys: number;
      /** Replenishment is asked for when a purchase leaves this many keys or fewer. */
      readonly replenishBelow: number;
      /** Time from the request until the phone has its new keys (it must be online). */
      readonly replenishDelay: DurationDist;
      /** Share of replenishments that fail (asked again at the next purchase). */
      readonly replenishFailure: number;
      /** With no key left a purchase declines (code NK) or goes online to the token service. */
      readonly noKey: 'decline' | 'online';
      /** Extra time of a purchase that goes online for want of a key. */
      readonly onlineLatency: DurationDist;
    };

/** One TSM step of secure-element provisioning (e.g. create the security domain, personalise, activate). */
export interface TsmStepSpec {
  readonly name: string;
  readonly latency: DurationDist;
  readonly failure: number;
}

/** A phone brand and its share of cardholders (shares from docs/sources.md §3.2 in the scenario). */
export interface PhoneSpec {
  readonly name: string;
  readonly share: number;
}

/** Terminal rollout: the share of card-present terminals taking a channel, by local day. */
export interface RolloutSpec {
  /** One entry per channel that changes over time (channel numbers of the card-present channels). */
  readonly channels: readonly RolloutChannelSpec[];
}

export type RolloutChannelSpec =
  | { readonly channel: number; readonly kind: 'schedule'; readonly days: readonly number[]; readonly shares: readonly number[] }
  | { readonly channel: number; readonly kind: 'bass'; readonly start: number; readonly ceiling: number; readonly p: number; readonly q: number };

export interface DeclinesSpec {
  /** Random (non-emergent) declines per authorization decided by the issuer. */
  readonly randomRateCardPresent: number;
  readonly randomRateCardNotPresent: number;
  /** ISO 8583 response codes and their weights in the random mix (weights sum to 1). */
  readonly mix: readonly { readonly code: string; readonly weight: number }[];
  /** Share of card-not-present attempts with a mistyped card number (declined 14). */
  readonly invalidPanRate: number;
}

/** The fraud typologies (sources §13.1), in the order of `FraudSpec.types` and of fraud.csv. */
export const FRAUD_TYPES = ['card_testing', 'lost_stolen', 'counterfeit', 'cnp_takeover', 'friendly'] as const;
export type FraudType = (typeof FRAUD_TYPES)[number];
export const [FRAUD_CARD_TESTING, FRAUD_LOST_STOLEN, FRAUD_COUNTERFEIT, FRAUD_CNP_TAKEOVER, FRAUD_FRIENDLY] = [0, 1, 2, 3, 4] as const;

/** One fraud typology: episodes (a compromised card, BIN range or cardholder) and their attempts. */
export interface FraudTypeSpec {
  /** Episodes started per day per million cards of the scenario (a Poisson process over the run). */
  readonly episodesPerMillionCardsPerDay: number;
  /** Mean attempts per episode (geometric, at least 1). */
  readonly attempts: number;
  /** Mean time over which an episode's attempts spread (exponential gaps of window / attempts). */
  readonly windowUs: number;
  readonly ticket: AmountDist;
  /** Chance that the issuer's scoring declines (59) an attempt that reaches it. */
  readonly detection: number;
  /** Time from the purchase to the loss being booked (the chargeback or the issuer's write-off). */
  readonly labelDelayUs: number;
}

/** Labelled fraud (`fraud:`): the typologies, the issuers' scoring and the liability rules. */
export interface FraudSpec {
  /** Index = FRAUD_TYPES. */
  readonly types: readonly FraudTypeSpec[];
  /** Card testing: share of attempts with a valid card number (the rest decline 14). */
  readonly cardTestingHitRate: number;
  /** Share of card-not-present takeover episodes authenticated with 3-D Secure (the issuer bears them). */
  readonly threeDsShare: number;
  /** Genuine purchases the scoring declines 59 (false positives), card present and not present. */
  readonly falsePositiveCardPresent: number;
  readonly falsePositiveCardNotPresent: number;
  /** Most a cardholder bears of a lost or stolen card's losses, per card (the rest: the issuer). */
  readonly cardholderLiabilityMinor: number;
}

/** The window [fromUs, toUs) of a fault, from the start of the run. */
export interface FaultWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

export type FaultSpec = FaultWindow &
  (
    | /**
       * A host is down. `hung: false` (refused): callers see it down at once (the switch goes to
       * stand-in at once). `hung: true`: requests are taken and never answered, so callers time out.
       */
      { readonly kind: 'host_down'; readonly host: HostRef; readonly hung: boolean }
    | { readonly kind: 'capacity'; readonly host: HostRef; readonly servers: number }
    | {
        readonly kind: 'latency';
        readonly link: keyof LinksSpec;
        /** Restrict to one issuer or acquirer (by index); -1 means every link of that class. */
        readonly party: number;
        readonly addUs: number;
      }
  );

/** The cardholders' disputes of cleared purchases (`clearing.chargebacks`). */
export interface ChargebackTerms {
  /** Share of cleared purchases that the cardholder disputes (a chargeback). */
  readonly chargebackShare: number;
  /** Delay from the purchase to the chargeback; draws beyond the window are not filed. */
  readonly chargebackDelay: DurationDist;
  readonly chargebackWindowUs: number;
}

/**
 * Clearing, fees and net settlement. Present when the scenario has a `fees` section; a plain
 * queueing network has none and writes no money tables.
 */
export interface MoneySpec extends ChargebackTerms {
  /** The fee model of the run (a preset such as `ru-2019`, or a model written in the file). */
  readonly feeModel: FeeModel;
  /** Clearing cut-off of each acquirer: µs after local midnight in that acquirer's time zone. */
  readonly cutoffLocalUs: readonly number[];
  /**
   * Each acquirer's UTC offset minus the offset of the scenario's `start`, in µs (0 when the
   * acquirer is in the scenario's time zone): acquirer-local time = scenario-local time + this.
   */
  readonly acquirerZoneShiftUs: readonly number[];
  /** Issuers whose cards are foreign to the acquiring market: their purchases are cross-border. */
  readonly crossBorderIssuers: readonly boolean[];
  /**
   * Each issuer's settlement currency with the scheme (its cardholders are billed in it); the
   * scenario currency unless `clearing.settlement_currencies` says otherwise. Converted at the
   * fee model's FX rates.
   */
  readonly issuerSettlementCurrency: readonly string[];
  /** Interbank net settlement of a clearing cycle on day T + this. */
  readonly settlementDays: number;
  /** Acquirers pay merchants on day T + this. */
  readonly merchantPayoutDays: number;
}

/** A wallet platform of a three-party network (Alipay-like, WeChat-like): it acquires and issues itself. */
export interface PlatformSpec {
  readonly name: string;
  /** Share of card-present purchases paid with this wallet (the rest go to the four-party network). */
  readonly share: number;
  readonly host: HostSpec;
  /** Share of its purchases funded from a linked bank card through the clearing house (the rest from the balance). */
  readonly bankFundedShare: number;
  /** Share of its purchases made with a consumer-presented dynamic QR code (the rest scan the merchant's static code). */
  readonly dynamicShare: number;
  /** Share of balance-funded payments declined for want of balance (51). */
  readonly balanceDeclineRate: number;
  readonly prices: PlatformPricesSpec;
  /** Balance withdrawals to the consumer's bank: each consumer withdraws on a day with this probability, this amount. */
  readonly withdrawals: { readonly perConsumerPerDay: number; readonly amount: AmountDist };
}

/** A platform's economics (rates in parts per million, amounts in minor units). */
export interface PlatformPricesSpec extends PlatformPrices {
  /** Share of merchants on the promotional rate (a fixed property of the merchant). */
  readonly promotionalShare: number;
}

/** The clearing house (NetsUnion-like) that carries bank-funded wallet payments to the card's issuer. */
export interface ClearingHouseSpec {
  readonly name: string;
  readonly host: HostSpec;
}

/** The PBOC barcode-payment limits per customer and local day (sources §2.12); -1 = unlimited. */
export interface QrLimitsSpec {
  readonly enabled: boolean;
  readonly staticPerDayMinor: number;
  /** Dynamic-code limit per customer class A, B, C. */
  readonly dynamicPerDayMinor: readonly [number, number, number];
  /** Cumulative shares of customers in classes A, B (C takes the rest). */
  readonly classCum: readonly [number, number];
}

/**
 * Competing networks: the three-party wallet platforms, the clearing house of their bank-funded
 * legs, their links, the QR limits and the contactless no-CVM limit of the four-party route.
 */
export interface NetworksSpec {
  readonly platforms: readonly PlatformSpec[];
  readonly clearingHouse: ClearingHouseSpec;
  readonly terminalPlatform: DurationDist;
  readonly platformClearing: DurationDist;
  readonly clearingIssuer: DurationDist;
  readonly qrLimits: QrLimitsSpec;
  /** A card contactless purchase above this needs the chip and PIN (the terminal asks to insert); -1 = no limit. */
  readonly noCvmLimitMinor: number;
  /** Portfolios and logit choice; absent: each platform takes its `share`. */
  readonly choice?: ChoiceSpec;
  /** Merchant acceptance and consumer adoption that change by local day; absent: fixed. */
  readonly adoption?: AdoptionSpec;
}

/**
 * How a share of merchants (or consumers) adopts an instrument day by day: a logit reviewed by a
 * share of them each day, a Bass process, or a fixed schedule of shares by date.
 */
export type AdoptionRule =
  | {
      readonly kind: 'logit';
      /** Share of merchants (consumers) who review their choice each day. */
      readonly review: number;
      readonly constant: number;
      /** Merchants: utility per percent of the merchant fee; consumers: per percent of cash-back. */
      readonly priceWeight: number;
      /** Merchants: utility per unit share of customers holding it; consumers: per ln(share of merchants accepting it). */
      readonly otherSideWeight: number;
      /** Merchant fee of a card instrument (ppm); -1: the platform's own fee (standard or promotional). */
      readonly merchantFeePpm: number;
    }
  | { readonly kind: 'bass'; readonly p: number; readonly q: number }
  | {
      readonly kind: 'schedule';
      /** Day numbers (days since 1970-01-01, local dates) in increasing order, and the share by each. */
      readonly days: readonly number[];
      readonly shares: readonly number[];
    };

/** The card instruments a merchant can adopt besides the wallets' stickers (terminal channels: QR; contactless and NFC tokens). */
export const CARD_INSTRUMENTS = ['unionpay_qr', 'nfc'] as const;

/** The instruments of `networks.adoption`: merchants 0..P-1 the platforms' QR stickers, P UnionPay QR, P + 1 NFC; consumers: the platforms. */
export interface AdoptionSpec {
  readonly merchants: readonly { readonly instrument: number; readonly rule: AdoptionRule }[];
  readonly consumers: readonly { readonly platform: number; readonly rule: AdoptionRule }[];
}

/** Portfolios and instrument choice; instrument 0 is the four-party network (cards), 1 + p platform p. */
export interface ChoiceSpec {
  /** Utility of each instrument (base + cash-back), finite. */
  readonly utilities: readonly number[];
  /** exp(utility - max utility): the logit weights. */
  readonly weights: readonly number[];
  /** Sets of wallets held (bit p: platform p) and the share of consumers holding each; shares sum to 1. */
  readonly portfolios: readonly { readonly mask: number; readonly share: number }[];
  /** Share of merchants accepting each platform. */
  readonly acceptance: readonly number[];
}

/** A host by role and index (index 0 for the switch and the clearing house). */
export interface HostRef {
  readonly role: 'acquirer' | 'switch' | 'issuer' | 'platform' | 'clearing_house';
  readonly index: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the scenario file (for the manifest) and its SHA-256. */
  readonly path: string;
  readonly sha256: string;
  /** The `--set path=value` overrides applied to the file, in order (absent: none). */
  readonly overrides?: readonly string[];
  readonly seed: number;
  /**
   * Independent shards (regions) the network is split into; each runs with its own streams
   * derived from (seed, shard) and the outputs are merged in shard order. 1 = one network.
   */
  readonly shards: number;
  /** Calendar anchor of t = 0, ISO 8601 with offset; sets weekday and local hour. */
  readonly start: string;
  /** Day of week of t = 0 in local time, 0 = Monday. */
  readonly startWeekday: number;
  /** Microseconds since local midnight at t = 0 (0 when the run starts at midnight). */
  readonly startLocalUs: number;
  readonly durationUs: number;
  readonly bucketUs: number;
  /** Statistics leave out purchases that start before this time. */
  readonly warmupUs: number;
  readonly currency: string;
  /** Decimal places of the currency's minor unit (2 for RUB, CNY, USD). */
  readonly currencyExponent: number;
  readonly cards: CardsSpec;
  readonly issuers: readonly IssuerSpec[];
  readonly acquirers: readonly AcquirerSpec[];
  readonly switch: SwitchSpec;
  readonly links: LinksSpec;
  readonly merchants: MerchantsSpec;
  readonly demand: DemandSpec;
  /**
   * Card-present channel weights, indexed by channel number (chip, contactless, nfc_token, qr,
   * ecommerce). A purchase picks among the channels its terminal (and card) supports, in
   * proportion to these weights; `nfc_token` applies only to a card holding a wallet token.
   */
  readonly channelWeights: readonly number[];
  /** The first wallet (a disabled one without wallets): the demand's uplift and the single-wallet readers use it. */
  readonly wallet: WalletSpec;
  /** Every wallet (`wallets:`, or the single `wallet:` as a list of one); empty without a wallet. */
  readonly wallets: readonly WalletSpec[];
  /** Phone brands of cardholders (`phones:`), for the wallets' eligible devices; empty without. */
  readonly phones: readonly PhoneSpec[];
  /** Terminal capability shares over time (`rollout:`); absent: fixed shares. */
  readonly rollout?: RolloutSpec;
  readonly declines: DeclinesSpec;
  /** Labelled fraud; undefined when the scenario has no `fraud` section (59 is then a random draw). */
  readonly fraud?: FraudSpec;
  readonly faults: readonly FaultSpec[];
  /** Clearing, fees and settlement; undefined when the scenario has no `fees` section. */
  readonly money?: MoneySpec;
  /** Competing three-party networks; undefined when the scenario has no `networks` section. */
  readonly networks?: NetworksSpec;
  /** Calibration targets (`calibration:`); absent when the scenario has none. */
  readonly calibration?: readonly CalibrationTarget[];
  /** Holidays, named days and business days; undefined when the scenario has no `calendar` section. */
  readonly calendar?: CalendarSpec;
  /** ATM cash withdrawals; undefined when the scenario has no `atm` section. */
  readonly atm?: AtmSpec;
  /** Several markets (`markets:`, `travellers:`); undefined for a one-market scenario. */
  readonly markets?: MarketsSpec;
}

/** A named day of the scenario's calendar (a fixed-date event). */
export interface CalendarDaySpec {
  /** Local date, YYYY-MM-DD. */
  readonly date: string;
  readonly name: string;
  /** Factor on the day's purchase count, every category. */
  readonly demand: number;
  /** Extra factor on card-not-present categories. */
  readonly cardNotPresent: number;
  /** Extra factors on named categories. */
  readonly categories: readonly { readonly name: string; readonly factor: number }[];
  /** Whether the day is a holiday (no settlement). */
  readonly holiday: boolean;
}

/** The `calendar` section: a market's built-in holidays and named days, and the scenario's own. */
export interface CalendarSpec {
  readonly market: 'none' | 'RU' | 'CN';
  /** Whether the market's built-in named days (demand factors) apply; its holidays always do. */
  readonly namedDays: boolean;
  /** Extra holidays and extra working days (weekend days that are business days), YYYY-MM-DD. */
  readonly holidays: readonly string[];
  readonly workingDays: readonly string[];
  readonly days: readonly CalendarDaySpec[];
}

export { CALIBRATION_METRICS, type CalibrationMetric, type CalibrationScope, type CalibrationTarget } from './calibration-types.js';

/** One market of `markets:` (sections/markets.ts). */
export interface MarketSpec {
  readonly name: string;
  /** Currency its merchants are paid in and its cardholders billed in, and its decimal places. */
  readonly currency: string;
  readonly exponent: number;
  /** UTC offset of its local time, in µs, and its difference from the offset of `start`. */
  readonly offsetUs: number;
  readonly shiftUs: number;
  /** Indexes into `issuers` and `acquirers`. */
  readonly issuers: readonly number[];
  readonly acquirers: readonly number[];
  /** Its domestic processor (domestic purchases stay in the market), or null: issuer-to-scheme. */
  readonly processor: string | null;
  /** One-way latency of its link to the hub (the first market); null for the hub. */
  readonly link: DurationDist | null;
}

/** A flow of visitors (`travellers:`): a share of one market's active cards shops in another. */
export interface TravellerFlowSpec {
  readonly from: number;
  readonly to: number;
  readonly share: number;
  readonly perCardPerDay: number;
  /** Their ticket, minor units of the scenario currency. */
  readonly ticket: AmountDist;
}

/** Several markets in one scenario. */
export interface MarketsSpec {
  readonly list: readonly MarketSpec[];
  /** The market of each issuer and of each acquirer (index into `list`). */
  readonly issuerMarket: readonly number[];
  readonly acquirerMarket: readonly number[];
  readonly travellers: readonly TravellerFlowSpec[];
}

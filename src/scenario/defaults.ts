/**
 * The defaults stage of the scenario pipeline: the value of every optional key, written as it
 * would be in a scenario file (durations as strings, amounts in major units). The schema's
 * `default` annotations and each section's resolver both read `DEFAULTS`, so a default lives in
 * one place. The sources of the numbers are in docs/scenario-format.md.
 */

/** Hour-of-day weights of purchases (sources §2.11), hour 0 first; they sum to 1. */
export const DEFAULT_HOURLY: readonly number[] = [
  0.004, 0.004, 0.004, 0.004, 0.004, 0.004, 0.012, 0.03, 0.045, 0.055, 0.065, 0.07, 0.072, 0.068, 0.062, 0.064,
  0.068, 0.083, 0.087, 0.073, 0.055, 0.037, 0.02, 0.01,
];

/** Day-of-week multipliers, Monday first: Saturday x1.15, Sunday x0.90 (sources §2.11, §6.3). */
export const DEFAULT_WEEKLY: readonly number[] = [1, 1, 1, 1, 1, 1.15, 0.9];

/**
 * Defaults of every optional key, written as they would be in a scenario file (durations as
 * strings, amounts in major units). Issuer and acquirer names default to "Issuer 1", "Issuer 2", ...
 * and "Acquirer 1", ...; response-direction links default to their request-direction twins.
 */
export const DEFAULTS = {
  description: '',
  seed: 1,
  shards: 1,
  start: '2018-12-20T00:00:00+03:00',
  bucket: '1h',
  warmup: '0s',
  currency: 'RUB',
  cards: {
    active_share: 0.6,
    products: { debit: 0.85, credit: 0.15 },
    expired_share: 0.003,
    blocked_share: 0.001,
    unlimited_funds: false,
    balance: {
      debit: { dist: 'lognormal', mean: 9000, sigma: 1.0 },
      credit: { dist: 'lognormal', mean: 60000, sigma: 0.7 },
    },
    income_per_day: { debit: 180, credit: 150 },
    income: 'fixed',
  },
  shares: { equal: true },
  issuers: {
    host: { servers: 24, service: { dist: 'lognormal', mean: '150ms', sigma: 0.6 } },
    wallet: [] as string[],
    foreign: [] as string[],
    activity: {} as Record<string, number>,
  },
  acquirers: {
    host: { servers: 40, service: { dist: 'lognormal', mean: '40ms', sigma: 0.3 } },
    timeout: '15s',
  },
  switch: {
    name: 'Switch',
    host: { servers: 160, service: { dist: 'lognormal', mean: '80ms', sigma: 0.3 } },
    detokenize: '10ms',
    issuer_timeout: '10s',
    stand_in: { enabled: true, max_amount: 15000, max_count_per_day: 5, max_amount_per_day: 30000 },
  },
  links: {
    terminal_acquirer: { dist: 'lognormal', mean: '80ms', sigma: 0.4 },
    acquirer_switch: { dist: 'lognormal', mean: '30ms', sigma: 0.2 },
    switch_issuer: { dist: 'lognormal', mean: '30ms', sigma: 0.2 },
  },
  merchants: {
    terminals_per_merchant: 3,
    terminal_timeout: '30s',
    capabilities: { chip: 1, contactless: 1, nfc_token: 1, qr: 0.05 },
    card_not_present: false,
  },
  channels: { chip: 0.4, contactless: 0.42, qr: 0.002, nfc_token: 1.23 },
  demand: { per_card_per_day: 0.2, hourly: DEFAULT_HOURLY, weekly: DEFAULT_WEEKLY },
  wallet: {
    enabled: true,
    name: 'Huawei Pay',
    eligible_share: 0.15,
    bass: { p: 0.0005, q: 0.08 },
    step_up_share: 0.3,
    provisioning_failure: 0.05,
    uplift: 1.2,
  },
  declines: {
    random_rate: { card_present: 0.02, card_not_present: 0.06 },
    invalid_pan_rate: 0.01,
    mix: { '05': 0.4, '59': 0.2, '55': 0.16, '61': 0.1, '96': 0.08, '65': 0.06 } as Record<string, number>,
  },
  /** Applies only when the scenario has `networks` (sources §2.12, §7). */
  networks: {
    platform: {
      host: { servers: 200, service: { dist: 'lognormal', mean: '60ms', sigma: 0.3 } },
      bank_funded_share: 0.6,
      dynamic_share: 0.5,
      balance_decline_rate: 0.02,
      fees: {
        merchant_fee: 0.006,
        promotional_fee: 0.0038,
        promotional_share: 0,
        clearing_fee: 0.000325,
        cashback: 0,
        merchant_subsidy: 0,
        float_rate: 0.0035,
        balance_hold_days: 7,
        payout_days: 1,
        // sources §1.7: 0.1 %, min CNY 0.1, above a lifetime free quota of CNY 1,000 (WeChat).
        withdrawal_fee: 0.001,
        withdrawal_min: 0.1,
        withdrawal_free_quota: 1000,
      },
      // No withdrawals unless the scenario models them (a rate per consumer and day, an amount: K).
      withdrawals: { per_consumer_per_day: 0, amount: { dist: 'lognormal', mean: 500, sigma: 1 } },
    },
    clearing_house: { name: 'Clearing house', host: { servers: 200, service: { dist: 'lognormal', mean: '20ms', sigma: 0.3 } } },
    links: {
      terminal_platform: { dist: 'lognormal', mean: '150ms', sigma: 0.4 },
      platform_clearing: { dist: 'lognormal', mean: '40ms', sigma: 0.3 },
      clearing_issuer: { dist: 'lognormal', mean: '35ms', sigma: 0.3 },
    },
    qr_limits: { enabled: true, static_per_day: 500, dynamic_per_day: { b: 5000, c: 1000 }, class_shares: { a: 0.2, b: 0.6, c: 0.2 } },
  },
  faults: [] as unknown[],
  /** Applies only when the scenario has `fees` (sources §2.6, §2.7). */
  clearing: {
    cutoff: '23:00',
    cutoffs: {} as Record<string, string>,
    time_zones: {} as Record<string, string>,
    settlement_currencies: {} as Record<string, string>,
    settlement_days: 1,
    merchant_payout_days: 1,
    chargebacks: { share: 0.001, delay: { dist: 'lognormal', mean: '30d', sigma: 0.8 }, window: '120d' },
  },
} as const;

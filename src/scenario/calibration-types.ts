/** Calibration targets (`calibration:`): the metrics a target can name, its scope and its band (docs/calibration.md). */
/** The metrics a calibration target can name (docs/calibration.md); `column` is `<table>.<column>` with an aggregate. */
export const CALIBRATION_METRICS = [
  'approval_rate',
  'decline_share',
  'average_ticket',
  'purchases_per_active_card_per_day',
  'channel_share',
  'wallet_adoption',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'peak_to_average_tps',
  'fraud_share_of_value',
  'chargeback_share',
  'merchant_cost_per_100',
] as const;
export type CalibrationMetric = (typeof CALIBRATION_METRICS)[number] | 'column';

/** Where a target applies; absent keys mean the whole run (after the warm-up). */
export interface CalibrationScope {
  /** Local days, first and last included. */
  readonly days?: readonly [number, number];
  /** Channel name (chip, contactless, nfc_token, qr, ecommerce) or class (card_present, card_not_present). */
  readonly channel?: string;
  /** Issuer by index (its name in `issuerName`). */
  readonly issuer?: number;
  readonly issuerName?: string;
  /** ISO 8583 response code (decline_share). */
  readonly code?: string;
  /** Local day at whose end the metric is read (wallet_adoption). */
  readonly day?: number;
  /** Column metrics: rows whose string columns have these values. */
  readonly where?: Readonly<Record<string, string>>;
}

/** One calibration target: a metric of the run against a published figure. */
export interface CalibrationTarget {
  /** The metric as written (a named metric, or `<table>.<column>`). */
  readonly name: string;
  readonly metric: CalibrationMetric;
  readonly value: number;
  /** Tolerance: |simulated - value| <= width (absolute) or <= width * |value| (relative). */
  readonly band: { readonly kind: 'absolute' | 'relative'; readonly width: number };
  readonly source: string;
  readonly scope: CalibrationScope;
  /** Column metrics: the table, the column and how its rows are combined. */
  readonly table?: string;
  readonly column?: string;
  readonly aggregate?: 'mean' | 'sum' | 'min' | 'max' | 'last';
  /** Where the metric is written (for errors found after the pipeline, e.g. an unknown column). */
  readonly at: { readonly file: string; readonly line: number; readonly column: number; readonly path: string };
}

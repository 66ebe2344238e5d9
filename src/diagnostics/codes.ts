/**
 * The one union of diagnostic codes: what the scenario pipeline reports (`ScenarioError.code`) and
 * what the fee-model reader reports (`FeeFormatIssue.code`). A leaf module: it imports nothing of
 * the project, so every stage can use it without a circle.
 *
 * The fee reader uses the scenario codes wherever it means the same thing (a value of the wrong
 * kind is `wrong_type` in both), and six codes of its own, each a finer kind of `fee_model`
 * (`FEE_MODEL_CODES`). `scenarioCode` maps any code to the one a scenario error shows.
 */

/**
 * Stable scenario error codes. Tests and tools match on these; messages may be reworded.
 *
 * - `file_unreadable`: the file cannot be read (missing, a directory, no permission).
 * - `file_too_large`: the file is above the size limit (4 MiB, or `QUARTET_MAX_SCENARIO_BYTES`);
 *   refused before it is parsed.
 * - `bad_encoding`: the file is not UTF-8 text (UTF-16 or UTF-32, an invalid UTF-8 sequence, a
 *   control character).
 * - `yaml_syntax`: the text is not valid YAML (one error per syntax problem; also an alias
 *   without its anchor and a merge key (`<<`) given something other than mappings).
 * - `nesting_too_deep`: mappings and lists nested deeper than the bound (64 levels).
 * - `alias_limit`: aliases that would expand the document beyond the bound (100,000 values).
 * - `reserved_key`: a key that names a property of every JS object (`__proto__`, `constructor`,
 *   `prototype`), at any level.
 * - `wrong_type`: a value of the wrong kind (a string where a number is expected, ...).
 * - `unknown_key`: a key the format does not know (with the nearest valid name).
 * - `missing_key`: a required key is absent (reported at the mapping that should hold it).
 * - `invalid_choice`: a value outside a fixed set (distribution, fault kind, link, currency, fee
 *   preset, ...).
 * - `invalid_format`: a string of the wrong shape (a duration without unit, a bad name or date, a
 *   decimal that cannot be read exactly).
 * - `out_of_range`: a number or duration outside its allowed range (negative rate, zero timeout,
 *   probability above 1, warmup not shorter than the run, a fee above the purchase, ...).
 * - `bad_sum`: shares or weights that do not sum to 1 (within 1e-6).
 * - `duplicate_name`: a name given twice where names must be unique.
 * - `unknown_name`: a reference to an issuer, acquirer or host that does not exist.
 * - `count_mismatch`: a list whose length differs from the count it must match.
 * - `conflicting_keys`: two keys given where only one of them is allowed.
 * - `fault_window`: a fault window outside the run or ending before it starts.
 * - `bucket_not_divisor`: the statistics bucket does not divide the run duration.
 * - `bucket_too_short`: the bucket is shorter than the terminal timeout.
 * - `timeout_order`: timers in the wrong order (terminal timeout not above an acquirer's timeout).
 * - `wallet_no_issuer`: the wallet is enabled but no issuer offers it.
 * - `no_channel`: no card-present channel has a positive weight.
 * - `invalid_override`: a command-line override (`--seed`, `--duration`) is not valid.
 * - `fee_model`: a fee model (`fees:`) that cannot work as written: overlapping or dead rules,
 *   a key that does not apply to its model type, amounts in another currency without a rate, ...
 *   (its structural mistakes have the generic codes above; the fee reader itself tells these
 *   apart with the finer codes of `FeeModelCode`).
 */
export type ScenarioErrorCode =
  | 'file_unreadable'
  | 'file_too_large'
  | 'bad_encoding'
  | 'yaml_syntax'
  | 'nesting_too_deep'
  | 'alias_limit'
  | 'reserved_key'
  | 'wrong_type'
  | 'unknown_key'
  | 'missing_key'
  | 'invalid_choice'
  | 'invalid_format'
  | 'out_of_range'
  | 'bad_sum'
  | 'duplicate_name'
  | 'unknown_name'
  | 'count_mismatch'
  | 'conflicting_keys'
  | 'fault_window'
  | 'bucket_not_divisor'
  | 'bucket_too_short'
  | 'timeout_order'
  | 'wallet_no_issuer'
  | 'no_channel'
  | 'invalid_override'
  | 'fee_model';

/**
 * The fee reader's finer kinds of `fee_model`, which no other scenario code covers.
 *
 * - `invalid_value`: a value the fee format does not accept (an unknown product or channel, a
 *   negative amount, a cap below its floor, a malformed MCC or FX pair, ...).
 * - `currency_mismatch`: fixed amounts in another currency than the scenario's, and no rate.
 * - `not_applicable`: a key that does not apply here (`platform` in a four-party model,
 *   `remove` outside preset overrides, a preset's `currency`, ...).
 * - `matches_nothing`: a rule that can never apply (an empty list or range, or shadowed).
 * - `overlap`: two rules of equal priority that partly overlap.
 * - `uncovered` (a warning): purchases no rule covers; they pay no fee of that kind.
 */
export type FeeModelCode = 'invalid_value' | 'currency_mismatch' | 'not_applicable' | 'matches_nothing' | 'overlap' | 'uncovered';

/** Every code a diagnostic of the project carries. */
export type DiagnosticCode = ScenarioErrorCode | FeeModelCode;

/**
 * The codes `resolveFeeModel` reports: the scenario codes with the same meaning, and its own.
 * (`wrong_type` a value of the wrong kind; `missing_key` a required key; `invalid_choice` an
 * unknown preset or currency; `invalid_format` a decimal that cannot be read exactly;
 * `out_of_range` a fee that can exceed the purchase.)
 */
export type FeeFormatCode = Extract<
  DiagnosticCode,
  'wrong_type' | 'missing_key' | 'unknown_key' | 'invalid_choice' | 'invalid_format' | 'out_of_range' | 'duplicate_name' | FeeModelCode
>;

/** The finer kinds of `fee_model`, in the order documented above. */
export const FEE_MODEL_CODES: readonly FeeModelCode[] = Object.freeze([
  'invalid_value',
  'currency_mismatch',
  'not_applicable',
  'matches_nothing',
  'overlap',
  'uncovered',
]);

const FEE_MODEL_CODE_SET: ReadonlySet<string> = new Set(FEE_MODEL_CODES);

/** The code a scenario error shows for `code`: a finer kind of `fee_model` shows as `fee_model`. */
export function scenarioCode(code: DiagnosticCode): ScenarioErrorCode {
  return FEE_MODEL_CODE_SET.has(code) ? 'fee_model' : (code as ScenarioErrorCode);
}

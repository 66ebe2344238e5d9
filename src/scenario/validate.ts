/**
 * The scenario pipeline after loading, stage by stage (docs/scenario-format.md):
 * structure (`structure.ts`: JSON Schema, via ajv) -> defaults (`defaults.ts`, read by each
 * section as it resolves) -> sections (`sections/`: run, cards, parties, merchants, demand,
 * wallet, declines, faults, money) -> relations (`relations.ts`) -> command-line overrides ->
 * money limits (`money-limits.ts`) -> the resolved `Scenario` (durations in integer µs, amounts
 * in integer minor units, names resolved to indexes).
 *
 * Every problem is collected, located (line and column of the offending node) and returned at once,
 * sorted by position. Nothing here throws on bad input.
 */

import { ResolveContext, allDefined, isObj } from './context.js';
import { describeValue, type ScenarioError } from './errors.js';
import type { LoadedDocument } from './load.js';
import { checkMoneyLimits } from './money-limits.js';
import { checkRelations } from './relations.js';
import { Reporter } from './report.js';
import { resolveAtm } from './sections/atm.js';
import { resolveCalibration } from './sections/calibration.js';
import { resolveCards } from './sections/cards.js';
import { resolveDeclines } from './sections/declines.js';
import { resolveDemand } from './sections/demand.js';
import { clipFaults, resolveFaults } from './sections/faults.js';
import { resolveFraud } from './sections/fraud.js';
import { marketMoney, resolveMarkets } from './sections/markets.js';
import { resolveChannels, resolveMerchants } from './sections/merchants.js';
import { resolveForeignIssuers, resolveMoney } from './sections/money.js';
import { resolveNetworks } from './sections/networks.js';
import { resolveAcquirers, resolveIssuers, resolveLinks, resolveSwitch } from './sections/parties.js';
import { applyOverrides, resolveRun, type ScenarioOverrides } from './sections/run.js';
import { resolveWalletSections } from './sections/wallet.js';
import { resolveCalendar } from './sections/calendar.js';
import { checkStructure } from './structure.js';
import type { MarketsSpec, MoneySpec, Scenario } from './types.js';

export { SUM_TOLERANCE } from './context.js';
export type { ScenarioOverrides } from './sections/run.js';

/** A resolved scenario, or the errors that prevent it (then `scenario` is absent). */
export interface ScenarioResult {
  readonly scenario?: Scenario;
  readonly errors: ScenarioError[];
  /**
   * Problems that do not stop the run, in the same form as errors (so far only those of the fee
   * model, such as purchases no interchange rule covers); returned with or without errors.
   */
  readonly warnings: ScenarioError[];
}

/**
 * Validates and resolves a parsed scenario document.
 * @param overrides - `--seed` and `--duration` from the command line; validated too. Fault windows
 *   past a shortened run are clipped to it (or dropped when they start after it).
 * @returns the resolved scenario, or every error found (sorted by line, then column).
 */
export function validateScenario(loaded: LoadedDocument, overrides: ScenarioOverrides = {}): ScenarioResult {
  const report = new Reporter(loaded);
  const root = loaded.value;
  if (!isObj(root)) {
    const message =
      root === null || root === undefined
        ? 'the scenario file is empty; expected a mapping with at least name, duration, cards, issuers, acquirers and merchants'
        : `a scenario must be a mapping of keys (name: ..., duration: ..., ...); got ${describeValue(root)}`;
    report.add([], 'wrong_type', message);
    return { errors: report.sorted(), warnings: [] };
  }
  const bad = checkStructure(loaded, root, report);
  const scenario = resolveSections(new ResolveContext(loaded, root, bad, report), overrides);
  const errors = report.sorted();
  const warnings = report.sortedWarnings();
  return errors.length > 0 || scenario === undefined ? { errors, warnings } : { scenario, errors, warnings };
}

/** The run's own keys (name, seed, start, duration, buckets, currency), or undefined if one is missing. */
function runHead(ctx: ResolveContext, run: ReturnType<typeof resolveRun>, seed: number | undefined, durationUs: number | undefined) {
  return allDefined({
    name: run.name,
    description: run.description,
    seed,
    shards: run.shards,
    start: run.start,
    calendar: run.calendar,
    durationUs,
    bucketUs: run.bucketUs,
    warmupUs: run.warmupUs,
    currency: ctx.currency,
    currencyExponent: ctx.exponent,
  });
}

/** The money of the run with its markets' currencies and time zones (sections/markets.ts). */
function withMarkets(ctx: ResolveContext, money: { spec?: MoneySpec } | undefined, markets: MarketsSpec | undefined, names: { issuers?: string[] | undefined; acquirers?: string[] | undefined }): { spec?: MoneySpec } | undefined {
  if (markets === undefined || money?.spec === undefined || names.issuers === undefined || names.acquirers === undefined) return money;
  return { spec: marketMoney(ctx, money.spec, markets, names.issuers, names.acquirers) };
}

/** Resolves the sections in order, checks the relations between them and applies the overrides. */
function resolveSections(ctx: ResolveContext, overrides: ScenarioOverrides): Scenario | undefined {
  const run = resolveRun(ctx);
  const cards = resolveCards(ctx);
  const issuers = resolveIssuers(ctx);
  const acquirers = resolveAcquirers(ctx);
  const names = { issuers: issuers.names, acquirers: acquirers.names };
  const sw = resolveSwitch(ctx);
  const links = resolveLinks(ctx);
  const merchants = resolveMerchants(ctx);
  const channelWeights = resolveChannels(ctx, merchants);
  const demand = resolveDemand(ctx);
  const ws = resolveWalletSections(ctx, issuers.issuers, names.issuers, channelWeights, merchants?.capabilityShare);
  const declines = resolveDeclines(ctx);
  const fraud = resolveFraud(ctx, merchants);
  const networks = resolveNetworks(ctx);
  const hostNames = { ...names, platforms: networks.spec?.platforms.map((p) => p.name) ?? [], clearingHouse: networks.spec !== undefined };
  const [atm, calendar] = [resolveAtm(ctx, names.issuers, names.acquirers), resolveCalendar(ctx, merchants?.categories.map((c) => c.name))];
  const faults = run.fileDurationUs === undefined ? undefined : resolveFaults(ctx, run.fileDurationUs, hostNames);
  const crossBorderIssuers = resolveForeignIssuers(ctx, names.issuers);
  const plainMoney = resolveMoney(ctx, run.calendar?.offsetUs, crossBorderIssuers, names.issuers, names.acquirers);
  const markets = resolveMarkets(ctx, names.issuers, names.acquirers, plainMoney?.spec?.feeModel.fx.rates, run.calendar?.offsetUs);
  const money = withMarkets(ctx, plainMoney, markets.spec, names);
  const days = run.fileDurationUs === undefined || run.calendar === undefined ? undefined : Math.ceil((run.fileDurationUs + run.calendar.localUs) / 86_400_000_000);
  const calibration = resolveCalibration(ctx, { issuerNames: names.issuers, days, hasMoney: ctx.present(['fees']), hasWallet: ws.parts.wallet?.enabled === true, hasFraud: fraud.present });
  checkRelations(ctx, { fileDurationUs: run.fileDurationUs, bucketUs: run.bucketUs, merchants, acquirers: acquirers.acquirers });
  const { seed, durationUs } = applyOverrides(ctx.report, overrides, run);
  const limits = allDefined({ merchants, cards, issuers: issuers.issuers, demand, wallet: ws.parts.wallet, money, durationUs });
  const withinLimits = limits === undefined || checkMoneyLimits(ctx, limits.merchants, limits, limits.money.spec);

  const head = runHead(ctx, run, seed, durationUs);
  const sections = allDefined({
    cards,
    issuers: issuers.issuers,
    acquirers: acquirers.acquirers,
    switch: sw,
    links,
    merchants,
    demand,
    channelWeights,
    ...ws.parts,
    declines,
    faults,
    money,
    calibration,
  });
  if (head === undefined || sections === undefined || !withinLimits || !networks.ok || !calendar.ok || !atm.ok || !markets.ok || (fraud.present && fraud.spec === undefined) || !ws.ok) return undefined;
  const { faults: resolvedFaults, money: resolvedMoney, calibration: targets, ...parts } = sections;
  return {
    name: head.name,
    description: head.description,
    path: ctx.loaded.absPath,
    sha256: ctx.loaded.sha256,
    seed: head.seed,
    shards: head.shards,
    start: head.start,
    startWeekday: head.calendar.weekday,
    startLocalUs: head.calendar.localUs,
    durationUs: head.durationUs,
    bucketUs: head.bucketUs,
    warmupUs: head.warmupUs,
    currency: head.currency,
    currencyExponent: head.currencyExponent,
    ...parts,
    faults: clipFaults(resolvedFaults, head.durationUs),
    ...(resolvedMoney.spec !== undefined && { money: resolvedMoney.spec }),
    ...(targets.length > 0 && { calibration: targets }),
    ...(networks.spec !== undefined && { networks: networks.spec }), ...(fraud.spec !== undefined && { fraud: fraud.spec }),
    ...(calendar.spec !== undefined && { calendar: calendar.spec }),
    ...(atm.spec !== undefined && { atm: atm.spec }), // ATM withdrawals (sections/atm.ts)
    ...(markets.spec !== undefined && { markets: markets.spec }), // several markets (sections/markets.ts)
    ...(ws.rollout !== undefined && { rollout: ws.rollout }),
  };
}

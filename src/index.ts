/**
 * Quartet's public API, what `import ... from 'quartet'` gives (docs/api.md): load a scenario,
 * change values of it, run it, read the result as rows or named columns, compare fee models,
 * replicate and sweep. The CLI (`sim`) is built on exactly these.
 */

// ---- scenarios: load, parse, override -----------------------------------------------------------
export {
  applyOverrides,
  formatScenarioError,
  loadScenario,
  parseOverride,
  parseScenario,
  scenarioSchema,
  type Override,
  type ScenarioError,
  type ScenarioErrorCode,
  type ScenarioOverrides,
  type ScenarioResult,
} from './scenario/index.js';
export type { Scenario, MoneySpec, FaultSpec, HostSpec, DurationDist, AmountDist, IssuerSpec, AcquirerSpec, CategorySpec, CardsSpec, DemandSpec, MerchantsSpec, WalletSpec } from './scenario/types.js';

// ---- running ------------------------------------------------------------------------------------
export { executeRun, simulate, type RunRequest, type RunOutcome } from './app/run.js';
export type { SimulateOptions, Tick, Written } from './app/types.js';
export { Network, runNetwork, type HostInfo, type MoneyResult, type RunOptions, type RunResult, type TransactionRecord } from './model/network.js';
export type { RunSummary, CompareSummary, ReplicationsSummary, AnySummary } from './output/summary.js';
export type { DataPackage, PackageResource, PackageField } from './output/datapackage.js';
export { estimateMemory } from './model/memory.js';
export type { Manifest } from './output/manifest.js';

// ---- reading a result ---------------------------------------------------------------------------
export {
  NODE_FIELDS,
  THROUGHPUT_FIELDS,
  WALLET_FIELDS,
  declineRows,
  nodeColumns,
  nodeRows,
  throughputColumns,
  throughputRows,
  walletRows,
  type Columns,
  type DeclineRow,
  type NodeRow,
  type ThroughputRow,
  type WalletRow,
} from './app/result-rows.js';
export { headline, summarize, t95, type Headline, type Summary } from './app/headline.js';

// ---- comparing, replicating, sweeping ----------------------------------------------------------
export { executeCompare, type CompareRequest } from './app/compare.js';
export { compareModels, type CompareResult, type CompareRow, type FeeModel } from './economics/index.js';
export { resolveModels } from './fee-models.js';
export { executeReplications, type ReplicationsOutcome, type ReplicationsRequest } from './app/replicate.js';
export {
  executeSweep,
  gridPoints,
  metricUnit,
  parseGrid,
  resolveSweepPoints,
  GridError,
  type GridAxis,
  type GridPoint,
  type PointSummary,
  type SweepOutcome,
  type SweepPoint,
  type SweepRequest,
} from './app/sweep.js';

// ---- the engine and the money rules, for building other models ------------------------------------
export { Simulation, Streams, FcfsStation, EventQueue, Priority } from './engine/index.js';
export * as economics from './economics/index.js';

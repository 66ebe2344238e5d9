/**
 * Quartet's public API: load a scenario, run it, read the result. The CLI (`sim`) is built on
 * exactly these.
 */
export { loadScenario, parseScenario, scenarioSchema, type ScenarioOverrides, type ScenarioError } from './scenario/index.js';
export type { Scenario, MoneySpec, FaultSpec } from './scenario/types.js';
export { Network, runNetwork, type RunResult, type RunOptions, type TransactionRecord, type MoneyResult } from './model/network.js';
export { executeRun, simulate, type RunRequest, type RunOutcome } from './app/run.js';
export type { SimulateOptions } from './app/types.js';
export { executeReplications } from './app/replicate.js';
export { executeCompare, type CompareRequest } from './app/compare.js';
export { headline, summarize } from './app/headline.js';
export type { RunSummary, CompareSummary, ReplicationsSummary, AnySummary } from './output/summary.js';
export type { DataPackage, PackageResource, PackageField } from './output/datapackage.js';
export { resolveModels } from './fee-models.js';
export { estimateMemory } from './model/memory.js';
export { Simulation, Streams, FcfsStation, EventQueue, Priority } from './engine/index.js';
export * as economics from './economics/index.js';

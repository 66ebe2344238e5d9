/**
 * Scenario text to a run with its purchase rows, for the model tests that write their scenario
 * inline: the text must be valid (its problems fail the test, each with line and column).
 */
import { expect } from 'vitest';
import { runNetwork, type RunResult, type TransactionRecord } from '../../src/model/network.js';
import { parseScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';

export function parsedScenario(text: string, file = 'inline.yaml'): Scenario {
  const r = parseScenario(text, file);
  expect(r.errors.map((e) => `${e.line}:${e.column}: ${e.path}: ${e.message}`)).toEqual([]);
  return r.scenario!;
}

/** Runs the scenario at its seed and keeps every purchase's row. */
export function runWithRows(sc: Scenario): { r: RunResult; rows: TransactionRecord[] } {
  const rows: TransactionRecord[] = [];
  const r = runNetwork(sc, { seed: sc.seed, onTransaction: (t) => rows.push({ ...t }) });
  return { r, rows };
}

/**
 * One benchmark case in its own process, so its peak memory is its own: loads a scenario, runs
 * it through the same runner as `sim run` (into a temporary directory) and prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeRun } from '../src/runner.js';
import { loadScenario } from '../src/scenario/index.js';
import { parseDuration } from '../src/scenario/duration.js';

const [file, durationText, cardsText] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: case.js <scenario> [duration|-] [cards]\n');
  process.exit(2);
}
const durationUs = durationText === undefined || durationText === '-' ? undefined : parseDuration(durationText);
const loaded = loadScenario(file, { durationUs });
if (loaded.scenario === undefined) {
  process.stderr.write(`${JSON.stringify(loaded.errors)}\n`);
  process.exit(2);
}
// The scaling cases vary the card count alone.
const scenario = cardsText === undefined ? loaded.scenario : { ...loaded.scenario, cards: { ...loaded.scenario.cards, count: Number(cardsText) } };
const dir = mkdtempSync(join(tmpdir(), 'quartet-bench-'));
try {
  const t0 = performance.now();
  const { result, manifest } = await executeRun({ scenario, seed: scenario.seed, outDir: join(dir, 'run'), force: false, transactions: false });
  const wallS = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      transactions: manifest.transactions,
      events: manifest.events,
      wallS,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      cards: result.cards,
      cardBytes: result.cardStateBytes,
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

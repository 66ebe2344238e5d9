/**
 * Sweep a grid of overrides with two seeds per point and read the summary of one metric. Run
 * from the repository root after `npm run build`:
 *   npx tsc -p examples && node dist/examples/sweep.js
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeSweep, formatScenarioError, loadScenario, parseGrid, resolveSweepPoints } from 'quartet';

const file = 'scenarios/smoke.yaml';
const durationUs = 10 * 60e6;
const { scenario: base } = loadScenario(file, { durationUs });
if (base === undefined) throw new Error(`${file} does not load`);

// Two axes: 2 x 2 = 4 points, the first axis varying slowest.
const axes = parseGrid(['cards.count=[1000,2000]', 'issuers.hosts.Beta Bank.servers=[1,4]']);
const points = resolveSweepPoints((set) => loadScenario(file, { durationUs, set }), axes);
if (!Array.isArray(points)) {
  for (const e of points.errors) console.error(formatScenarioError(e));
  process.exit(2);
}

const out = mkdtempSync(join(tmpdir(), 'quartet-sweep-example-'));
try {
  const outcome = await executeSweep({ base, axes, points, replications: 2, firstSeed: base.seed, outDir: join(out, 'sweep'), force: false, workers: 2 });
  for (const { point, summaries } of outcome.points) {
    const p99 = summaries.find((s) => s.metric === 'latency_p99_ms')!;
    console.log(`point ${point.id} (${point.set.join(', ')}): p99 ${p99.mean.toFixed(1)} ms [${p99.low.toFixed(1)}, ${p99.high.toFixed(1)}]`);
  }
  const lines = readFileSync(join(out, 'sweep', 'sweep.csv'), 'utf8').trimEnd().split('\n');
  console.log(`sweep.csv: ${lines.length - 1} rows; ${lines[0]}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}

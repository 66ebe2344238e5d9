/**
 * Load a scenario, change two values, run it in memory and read the result as rows and as
 * named columns. Run from the repository root after `npm run build`:
 *   npx tsc -p examples && node dist/examples/run-and-read.js
 */
import { formatScenarioError, headline, loadScenario, nodeRows, simulate, throughputColumns, throughputRows } from 'quartet';

const { scenario, errors } = loadScenario('scenarios/smoke.yaml', { durationUs: 20 * 60e6, set: ['cards.count=3000', 'issuers.hosts.Beta Bank.servers=3'] });
if (scenario === undefined) {
  for (const e of errors) console.error(formatScenarioError(e));
  process.exit(2);
}

const result = await simulate(scenario, scenario.seed);

// Rows: one object per reported bucket, fields named, units in the names.
for (const row of throughputRows(result)) {
  const rate = row.attempts > 0 ? row.approved / row.attempts : 0;
  console.log(`bucket ${row.bucket}: ${row.attempts} purchases, approval ${(100 * rate).toFixed(1)} %, p99 ${(row.latencyP99Us / 1000).toFixed(0)} ms`);
}

// Columns: one Float64Array per field.
const cols = throughputColumns(result);
const total = cols.attempts.reduce((a, x) => a + x, 0);
console.log(`purchases in ${cols.bucket.length} buckets: ${total}`);

// Hosts: the busiest issuer host by mean utilization.
const issuers = nodeRows(result).filter((n) => n.role === 'issuer');
const busiest = issuers.reduce((a, n) => (n.busyUs > a.busyUs ? n : a));
console.log(`busiest issuer bucket: ${busiest.host} in bucket ${busiest.bucket} (${busiest.servers} servers)`);

// The headline metrics (what `sim run` prints and replications summarize).
const h = headline(result);
console.log(`approval_rate ${h.approval_rate!.toFixed(4)}, latency_p99_ms ${h.latency_p99_ms!.toFixed(1)}`);

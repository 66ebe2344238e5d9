/**
 * Price the purchases of one run with two fee models side by side, and read who pays and who
 * earns. Run from the repository root after `npm run build`:
 *   npx tsc -p examples && node dist/examples/compare.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeCompare, loadScenario, resolveModels } from 'quartet';

const { scenario } = loadScenario('scenarios/smoke.yaml', { durationUs: 20 * 60e6 });
if (scenario === undefined) throw new Error('smoke.yaml does not load');

const out = mkdtempSync(join(tmpdir(), 'quartet-example-'));
try {
  const models = resolveModels(['ru-2019', 'eu-ifr'], scenario);
  const { result, manifest } = await executeCompare({ scenario, models, outDir: join(out, 'compare'), force: false });
  for (const m of result.models) {
    const issuer = m.participants.issuer.netMinor / 10 ** scenario.currencyExponent;
    console.log(`${m.name}: issuers net ${issuer.toFixed(2)} ${scenario.currency}`);
  }
  console.log(`files: ${manifest.files.map((f) => f.name).join(', ')}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}

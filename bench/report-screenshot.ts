/**
 * Regenerates docs/report.png: the report of two days of scenarios/russia.yaml (with fees), drawn
 * by the same headless browser as the browser test. `npm run build`, then
 * `node dist/bench/report-screenshot.js [run-dir] [png]` (a run directory with report.html skips
 * the run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchHeadless } from './browser.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const given = process.argv[2];
  const png = resolve(process.argv[3] ?? join(ROOT, 'docs', 'report.png'));
  const work = given === undefined ? mkdtempSync(join(tmpdir(), 'quartet-screenshot-')) : undefined;
  const dir = given ?? join(work!, 'russia');
  try {
    if (!existsSync(join(dir, 'report.html'))) {
      const sim = join(ROOT, 'dist', 'src', 'bin', 'sim.js');
      execFileSync(process.execPath, [sim, 'run', join(ROOT, 'scenarios', 'russia.yaml'), '--duration', '2d', '--report', '--quiet', '--out', dir], { stdio: 'inherit', cwd: ROOT });
    }
    const b = await launchHeadless();
    try {
      const page = await b.browser.newPage();
      await page.setViewport({ width: 1140, height: 1500, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
      await page.screenshot({ path: png as `${string}.png`, type: 'png', clip: { x: 0, y: 0, width: 1140, height: 1500 } });
    } finally {
      await b.close();
    }
    process.stdout.write(`wrote ${png}\n`);
  } finally {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  }
}

await main();

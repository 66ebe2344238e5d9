/**
 * report.html in a real browser: Debian's chromium-headless-shell driven by puppeteer-core (no
 * browser download). The page of a run, of a compare directory and of a sweep directory loads from file:// with no
 * console error, no page error and no request but the file itself, and every chart is there as
 * an SVG with data marks (paths or rules in vega's `role-mark` groups) and its title. With CI=true a missing browser fails; elsewhere it skips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchHeadless, type HeadlessBrowser } from '../../bench/browser.js';
import { main } from '../../src/cli/main.js';
import { chartIds, manifestFacts, readRunManifest } from '../../src/report/index.js';
import { readRunTables } from '../../src/report/tables.js';
import { captureIo } from '../helpers/io.js';

const inCi = process.env.CI === 'true';
const present = chromiumAvailable();

describe('the browser test can run', () => {
  it.runIf(inCi)(`finds ${CHROMIUM} (CI=true: a missing browser is a failure, not a skip)`, () => {
    expect(present, `${CHROMIUM} is missing; .ci/run installs chromium-headless-shell`).toBe(true);
  });
});

const title = present ? 'report.html in chromium-headless-shell' : `report.html in chromium-headless-shell (skipped: ${CHROMIUM} not found; apt-get install chromium-headless-shell, or set CI=true to fail instead)`;

describe.skipIf(!present)(title, () => {
  const work = mkdtempSync(join(tmpdir(), 'quartet-browser-'));
  let b: HeadlessBrowser | undefined;
  beforeAll(async () => {
    const io = captureIo();
    expect(await main(['run', 'scenarios/smoke.yaml', '--report', '--quiet', '--out', join(work, 'run')], io), io.stderr()).toBe(0);
    expect(await main(['compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr', '--duration', '30m', '--report', '--quiet', '--out', join(work, 'compare')], io), io.stderr()).toBe(0);
    const sweep = ['sweep', 'scenarios/smoke.yaml', '--duration', '10m', '--grid', 'cards.count=[1000,2000]', '--replications', '2', '--workers', '1', '--report', '--quiet', '--out', join(work, 'sweep')];
    expect(await main(sweep, io), io.stderr()).toBe(0);
    b = await launchHeadless();
  });
  afterAll(async () => {
    await b?.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const name of ['run', 'compare', 'sweep']) {
    it(`${name}: loads offline with no error, and every chart is an SVG with marks and its title`, async () => {
      const dir = join(work, name);
      const expected = chartIds(readRunTables(dir), manifestFacts(readRunManifest(dir)));
      expect(expected.length).toBeGreaterThan(8);
      const url = pathToFileURL(join(dir, 'report.html')).href;
      const page = await b!.browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      await page.setRequestInterception(true);
      page.on('request', (r) => {
        requests.push(r.url());
        if (r.url() === url) void r.continue();
        else void r.abort();
      });
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.ok()).toBe(true);
      const charts = await page.$$eval('svg[id^="chart-"]', (svgs) =>
        svgs.map((s) => ({
          id: s.id.slice('chart-'.length),
          title: s.querySelector(':scope > title')?.textContent ?? '',
          label: s.getAttribute('aria-label') ?? '',
          marks: s.querySelectorAll('g.role-mark path, g.role-mark line').length,
          width: s.getBoundingClientRect().width,
        })),
      );
      await page.close();
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      expect(charts.map((c) => c.id)).toEqual(expected);
      for (const c of charts) {
        expect(c.title, c.id).not.toBe('');
        expect(c.label, c.id).toBe(c.title);
        expect(c.marks, c.id).toBeGreaterThan(0);
        expect(c.width, c.id).toBeGreaterThan(100);
      }
    });
  }
});

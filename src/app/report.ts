/**
 * `sim report`: report.html of a run, compare, replications or sweep directory. Written into the
 * directory, it is listed in the manifest like every other file (its digest, bytes and rows) and
 * the manifest says `options.report: true`, so `sim verify` re-runs with the report and compares
 * it byte for byte. `sim run --report` writes it while the directory is staged.
 */
import { closeSync, existsSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST, writeManifest, type Manifest, type ManifestDraft } from '../output/manifest.js';
import { digestFile } from '../output/run-dir.js';
import { ReportInputError } from '../report/csv-read.js';
import type { Written } from './types.js';
import { measureFile } from './verify-dir.js';

export { ReportInputError } from '../report/csv-read.js';

/** The file's name in a run directory. */
export const REPORT_FILE = 'report.html';

/** The report's modules, loaded on first use: no other command pays for loading them (nor vega). */
const library = (): Promise<typeof import('../report/index.js')> => import('../report/index.js');

/** Writes report.html into a directory being staged; the manifest lists it with the rows `sim verify` measures. */
export async function stageReport(dir: string, draft: ManifestDraft): Promise<Written> {
  const { writeReport } = await library();
  await writeReport(dir, draft, join(dir, REPORT_FILE));
  return { file: REPORT_FILE, rows: measureFile(join(dir, REPORT_FILE)).rows };
}

export interface ReportOutcome {
  /** Where the page was written. */
  readonly path: string;
  /** The ids of its charts, in page order. */
  readonly charts: readonly string[];
  /** Whether the directory's manifest now lists it. */
  readonly listed: boolean;
}

const GENERATOR = '<meta name="generator" content="Quartet';

/**
 * Writes the report of `dir`: into `dir/report.html` (listed in its manifest), or into `out` when
 * given (another place; the manifest is left alone). An existing `out` that is not a Quartet
 * report is refused.
 */
export async function executeReport(dir: string, out?: string): Promise<ReportOutcome> {
  const { chartIds, manifestFacts, readRunManifest, readRunTables, writeReport } = await library();
  const m = readRunManifest(dir);
  const facts = manifestFacts(m);
  const inside = out === undefined || resolve(out) === resolve(dir, REPORT_FILE);
  const charts = chartIds(readRunTables(dir), facts);
  if (!inside) {
    refuseForeign(out);
    const path = await writeReport(dir, facts, out);
    return { path, charts, listed: false };
  }
  const path = await writeReport(dir, facts, join(dir, REPORT_FILE));
  const entry = digestFile(dir, REPORT_FILE, measureFile(path).rows);
  const listed: Manifest = {
    ...m,
    options: { ...m.options, report: true },
    files: [...m.files.filter((f) => f.name !== REPORT_FILE), entry],
  };
  const temp = join(dir, `.${MANIFEST}.partial-${process.pid}`);
  writeManifest(dir, listed, temp);
  renameSync(temp, join(dir, MANIFEST));
  return { path, charts, listed: true };
}

/** Refuses to replace a file that is not a report Quartet wrote (its first KiB names the generator). */
function refuseForeign(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isFile()) throw new ReportInputError(`${out}: not a file; --out names the report file to write`);
  const fd = openSync(out, 'r');
  const head = Buffer.alloc(1024);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  if (!head.subarray(0, n).toString('utf8').includes(GENERATOR)) throw new ReportInputError(`${out}: exists and is not a Quartet report; remove it or choose another --out`);
}

/**
 * report.html of a run, compare, replications or sweep directory: its tables read and aggregated, the
 * charts that have data drawn to inline SVG, and one self-contained page. The page is a function
 * of the directory's tables and its manifest's facts (never the wall time or the files' digests),
 * so `sim run --report` and `sim report` on the same run give the same bytes.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MANIFEST, checkManifest, type Manifest, type ManifestDraft } from '../output/manifest.js';
import * as charts from './charts.js';
import type { Chart } from './charts.js';
import { ReportInputError } from './csv-read.js';
import { figure, headlineTable, identityTable, note, page, plainTable, replicationsTable, type Section } from './page.js';
import { renderChart } from './render.js';
import { gridTable, sweepCharts } from './sweep-page.js';
import { TRANSACTIONS_MAX_BYTES, readRunTables, type RunTables } from './tables.js';

export { ReportInputError } from './csv-read.js';
export { readRunTables } from './tables.js';

/** The report's name in a run directory (src/app/report.ts names it too, without loading this module). */
export const REPORT_FILE = 'report.html';

/** The sections of the page and their charts (each only when its data is there), in page order. */
function plan(t: RunTables, m: ManifestDraft): { id: string; heading: string; charts: Chart[]; notes: string[] }[] {
  const th = t.throughput;
  const stepMs = th !== undefined && th.length > 1 ? th[1]!.t - th[0]!.t : m.simulated.durationUs / 1000;
  const endMs = (th?.[0]?.t ?? 0) + m.simulated.durationUs / 1000;
  const currency = th?.[0]?.currency ?? t.fees?.[0]?.currency ?? '';
  const channelNotes = t.channels?.kind === 'skipped' ? [`Channel shares: transactions.csv is ${Math.round(t.channels.bytes / 2 ** 20)} MiB, above the ${TRANSACTIONS_MAX_BYTES / 2 ** 20} MiB the report reads; the chart shows the wallet token share from throughput.csv instead.`] : [];
  const some = <T>(x: T[] | undefined): x is T[] => x !== undefined && x.length > 0;
  return [
    { id: 'traffic', heading: 'Traffic', charts: some(th) ? [charts.purchasesChart(th, endMs), charts.tpsChart(th, endMs)] : [], notes: [] },
    { id: 'approval', heading: 'Approval and declines', charts: [...(some(th) ? [charts.approvalChart(th)] : []), ...(some(t.declines) ? [charts.declinesChart(t.declines)] : [])], notes: [] },
    { id: 'latency', heading: 'Latency', charts: some(th) ? [charts.latencyChart(th)] : [], notes: [] },
    { id: 'hosts', heading: 'Hosts', charts: t.nodes !== undefined && t.nodes.hosts.length > 0 ? [charts.utilizationChart(t.nodes, stepMs), charts.waitsChart(t.nodes)] : [], notes: [] },
    {
      id: 'wallet',
      heading: 'Wallet and channels',
      charts: [...(some(t.wallet) ? [charts.walletChart(t.wallet)] : []), ...optional(charts.channelChart(t.channels, some(th) ? th : undefined))],
      notes: channelNotes,
    },
    { id: 'money', heading: 'Fees and settlement', charts: [...(some(t.fees) ? charts.feesCharts(t.fees) : []), ...(some(t.settlement) ? charts.settlementCharts(t.settlement) : [])], notes: [] },
    { id: 'compare', heading: 'Fee models compared', charts: some(t.compare) ? charts.compareCharts(t.compare, currency) : [], notes: [] },
    { id: 'replications', heading: 'Replications', charts: some(t.replications) ? [charts.replicationsChart(t.replications, t.replicationValues ?? [])] : [], notes: [] },
    { id: 'sweep', heading: 'Sweep: each metric per grid point', charts: t.sweep !== undefined ? sweepCharts(t.sweep) : [], notes: [] },
  ];
}

function optional<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}

/** What kind of directory it is, in words, for the line under the title. */
function kindOf(t: RunTables, m: ManifestDraft): string {
  if (t.compare !== undefined) return `sim compare of ${m.options.feeModels?.length ?? 0} fee models on the same purchases`;
  if (t.sweep !== undefined) {
    const points = new Set(t.sweep.rows.map((r) => r.point)).size;
    const seeds = m.options.replications ?? 1;
    return `sim sweep of ${points} grid point${points === 1 ? '' : 's'} x ${seeds} seed${seeds === 1 ? '' : 's'}: each metric's mean and 95 % interval per point`;
  }
  if (t.replications !== undefined) return `sim run --replications ${m.options.replications ?? ''}: one run per seed, summarised`;
  return 'sim run';
}

/** The ids of the charts the page of `t` has, in page order (what a test expects to find). */
export function chartIds(t: RunTables, m: ManifestDraft): string[] {
  return plan(t, m).flatMap((s) => s.charts.map((c) => c.id));
}

/** The report page of the run directory `dir`, described by `m` (its manifest, or the draft of one being written). */
export async function buildReport(dir: string, m: ManifestDraft): Promise<string> {
  const t = readRunTables(dir);
  const sections: Section[] = [];
  for (const s of plan(t, m)) {
    const parts: string[] = [];
    for (const c of s.charts) parts.push(figure(await renderChart(c), c.description));
    parts.push(...s.notes.map(note));
    if (s.id === 'replications' && t.replications !== undefined) parts.push(replicationsTable(t.replications));
    if (s.id === 'sweep' && t.sweep !== undefined) parts.splice(0, parts.length, gridTable(t.sweep), `<div class="grid">\n${parts.join('\n')}\n</div>`);
    if (parts.length > 0) sections.push({ id: s.id, heading: s.heading, parts });
  }
  if (t.calibration !== undefined) sections.push({ id: 'calibration', heading: 'Calibration', parts: [plainTable('calibration', t.calibration)] });
  const top = [identityTable(m), ...optional(headlineTable(t))];
  return page(m, kindOf(t, m), top, sections);
}

/**
 * Writes the report of `dir` into `path` (default: report.html in `dir`, replaced if there:
 * report.html in a run directory is ours), through a temporary file beside it.
 */
export async function writeReport(dir: string, m: ManifestDraft, path: string = join(dir, REPORT_FILE)): Promise<string> {
  const html = await buildReport(dir, m);
  const temp = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
  try {
    writeFileSync(temp, html);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  return path;
}

/** The facts of a manifest: what the report may show (not the wall time nor the files). */
export function manifestFacts(m: Manifest): ManifestDraft {
  const { wallSeconds: _w, files: _f, ...draft } = m;
  return draft;
}

/** A Quartet run directory's manifest, or a ReportInputError saying in one line why it is not one. */
export function readRunManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(dir)) throw new ReportInputError(`${dir}: no such directory`);
  if (!existsSync(path)) throw new ReportInputError(`${dir}: not a Quartet run directory (no ${MANIFEST})`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ReportInputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const { manifest, problems } = checkManifest(value);
  if (manifest === undefined) {
    const p = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new ReportInputError(`${path}: not a Quartet manifest: ${p.path === '' ? '' : `${p.path}: `}${p.message}${more}`);
  }
  return manifest;
}

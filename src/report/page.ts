/**
 * The HTML page of the report: one self-contained file (inline CSS and SVG, no script, no font,
 * no image or link that the browser would fetch), the run's identity and headline numbers as
 * tables, then the charts by section.
 */
import { basename } from 'node:path';
import type { ManifestDraft } from '../output/manifest.js';
import { escapeXml } from './render.js';
import type { PlainTable, ReplicationRow, RunTables, ThroughputRow } from './tables.js';

/** A section of the page: a heading and its charts (already SVG) or other HTML. */
export interface Section {
  readonly id: string;
  readonly heading: string;
  readonly parts: readonly string[];
}

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.lead { color: #555; margin: 0 0 16px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 12px 0 20px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: #555; margin-top: 2px; max-width: 760px; }
.note { font-size: 13px; color: #7a4b00; background: #fff6e0; padding: 6px 10px; border-left: 3px solid #e0a000; }
nav a { margin-right: 12px; font-size: 13px; }
.grid { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
.grid figure { max-width: 500px; }
`;

/** A whole number with thousands separators (1234567 -> 1,234,567), the same on every machine. */
export function grouped(x: number): string {
  const neg = x < 0;
  const s = String(Math.abs(Math.round(x)));
  return (neg ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number to `digits` places with thousands separators. */
export function decimal(x: number, digits: number): string {
  const [i, f] = Math.abs(x).toFixed(digits).split('.');
  return `${x < 0 && Number(x.toFixed(digits)) !== 0 ? '-' : ''}${grouped(Number(i))}${f === undefined ? '' : `.${f}`}`;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

/** A table of label / value pairs. */
function pairs(caption: string, rows: readonly (readonly [string, string])[]): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${escapeXml(k)}</th><td class="n">${escapeXml(v)}</td></tr>`).join('\n');
  return `<table aria-label="${escapeXml(caption)}">\n${body}\n</table>`;
}

/** A table with a header row; `numeric` columns are right-aligned. */
export function table(caption: string, header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  const cls = (i: number): string => (numeric[i] === true ? ' class="n"' : '');
  const head = `<tr>${header.map((h, i) => `<th scope="col"${cls(i)}>${escapeXml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table aria-label="${escapeXml(caption)}">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The run's identity: scenario, seed, version, simulated span, sizes. */
export function identityTable(m: ManifestDraft): string {
  const o = m.options;
  const rows: [string, string][] = [
    ['scenario', `${m.scenario.name} (${basename(m.scenario.path)}, SHA-256 ${m.scenario.sha256.slice(0, 12)})`],
    ['seed', seedText(m)],
    ['Quartet version', m.version],
    ['simulated', m.simulated.start === '' ? formatSpan(m.simulated.durationUs) : `${formatSpan(m.simulated.durationUs)}: ${wall(m.simulated.start)} to ${wall(m.simulated.end)}`],
  ];
  if (o.feeModels !== undefined) rows.push(['fee models', o.feeModels.join(', ')]);
  if (o.set !== undefined) rows.push(['overrides (--set)', o.set.join('; ')]);
  if (o.grid !== undefined) rows.push(['grid', o.grid.join('; ')]);
  const base = o.grid !== undefined ? ' (base scenario)' : '';
  rows.push([`cards${base}`, grouped(m.cards)], [`terminals${base}`, grouped(m.terminals)]);
  if (m.merchants > 0) rows.push(['merchants', grouped(m.merchants)]);
  rows.push(['events', grouped(m.events)]);
  return pairs('the run', rows);
}

/** The seed, or the seeds of a replications or sweep directory. */
function seedText(m: ManifestDraft): string {
  const r = m.options.replications;
  if (r === undefined) return String(m.seed);
  if (m.options.grid === undefined) return `${m.seed} to ${m.seed + r - 1} (${r} replications)`;
  return `${r === 1 ? m.seed : `${m.seed} to ${m.seed + r - 1}`} at every point`;
}

/** 2018-12-20T18:00:00.000+03:00 -> 2018-12-20 18:00 (+03:00). */
function wall(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::[\d.]+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso);
  return m === null ? iso : `${m[1]} ${m[2]}${m[3] === undefined ? '' : ` (${m[3]})`}`;
}

function formatSpan(us: number): string {
  const h = us / 3_600_000_000;
  if (h >= 48 && Number.isInteger(h / 24)) return `${h / 24} days`;
  if (Number.isInteger(h)) return `${h} h`;
  return `${decimal(us / 60_000_000, 1)} min`;
}

/** The headline numbers of a run, from throughput.csv (and the fee and settlement tables). */
export function headlineTable(t: RunTables): string | undefined {
  const rows = t.throughput;
  if (rows === undefined || rows.length === 0) return undefined;
  const sum = (f: (r: ThroughputRow) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const attempts = sum((r) => r.attempts);
  const approved = sum((r) => r.approved);
  const share = (x: number): string => (attempts > 0 ? `${grouped(x)} (${pct(x / attempts)})` : grouped(x));
  const currency = rows[0]!.currency;
  const out: [string, string][] = [
    ['purchases', grouped(attempts)],
    ['approved', share(approved)],
    ['declined', share(sum((r) => r.declined))],
    ['timed out', share(sum((r) => r.timedOut))],
    ['stand-in decisions', grouped(sum((r) => r.standIn))],
    ['reversals', grouped(sum((r) => r.reversals))],
    ['peak TPS (busiest second)', grouped(Math.max(...rows.map((r) => r.peakTps)))],
    ['mean latency (ms)', attempts > 0 ? decimal(sum((r) => r.latencyMeanMs * r.attempts) / attempts, 1) : '-'],
    ['p99 latency, worst bucket (ms)', decimal(Math.max(...rows.map((r) => r.p99)), 1)],
    [`value approved (${currency})`, decimal(sum((r) => r.valueApproved), 2)],
  ];
  const last = rows[rows.length - 1]!;
  if (last.tokensActive > 0) out.push(['wallet tokens active at the end', grouped(last.tokensActive)]);
  for (const cur of [...new Set((t.fees ?? []).map((f) => f.currency))].sort()) {
    out.push([`fees (${cur})`, decimal(t.fees!.filter((f) => f.currency === cur).reduce((a, f) => a + f.fee, 0), 2)]);
  }
  if (t.settlement !== undefined) out.push(['settlement cycles', grouped(new Set(t.settlement.map((s) => s.cycleDate)).size)]);
  return pairs('headline numbers', out);
}

/** replications.csv as a table. */
export function replicationsTable(rows: readonly ReplicationRow[]): string {
  const f = (x: number): string => (Math.abs(x) >= 1000 ? decimal(x, 0) : Math.abs(x) >= 1 ? decimal(x, 2) : decimal(x, 4));
  return table('replications', ['metric', 'n', 'mean', 'sd', '95 % low', '95 % high'], rows.map((r) => [r.metric, String(r.n), f(r.mean), f(r.sd), f(r.low), f(r.high)]), [false, true, true, true, true, true]);
}

/** A CSV table shown as it is (calibration.csv). */
export function plainTable(caption: string, t: PlainTable): string {
  const numeric = t.header.map((_, i) => t.rows.length > 0 && t.rows.every((r) => r[i] !== '' && Number.isFinite(Number(r[i]))));
  const more = t.total > t.rows.length ? `<p class="note">The first ${t.rows.length} of ${grouped(t.total)} rows.</p>` : '';
  return table(caption, t.header, t.rows, numeric) + more;
}

/** A chart in its figure, with its description as the caption. */
export function figure(svg: string, description: string): string {
  return `<figure>\n${svg}\n<figcaption>${escapeXml(description)}</figcaption>\n</figure>`;
}

export function note(text: string): string {
  return `<p class="note">${escapeXml(text)}</p>`;
}

/** The whole page. */
export function page(m: ManifestDraft, kind: string, top: readonly string[], sections: readonly Section[]): string {
  const title = `Quartet report: ${m.scenario.name}`;
  const nav = sections.map((s) => `<a href="#${s.id}">${escapeXml(s.heading)}</a>`).join('\n');
  const body = sections.map((s) => `<section id="${s.id}" aria-labelledby="${s.id}-h">\n<h2 id="${s.id}-h">${escapeXml(s.heading)}</h2>\n${s.parts.join('\n')}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Quartet ${escapeXml(m.version)}">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeXml(title)}</h1>
<p class="lead">${escapeXml(kind)}</p>
<div class="grid">
${top.join('\n')}
</div>
<nav aria-label="sections">
${nav}
</nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

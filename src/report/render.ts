/**
 * Vega-Lite specs drawn to SVG in Node by vega's headless SVG renderer (no canvas, no browser),
 * made stable: text widths estimated (never measured with whatever canvas is installed), and the
 * ids vega numbers from process-wide counters (clip paths, gradients) renamed per chart, so the
 * same data gives the same bytes in any process and two charts on one page never share an id.
 */
import type { Chart } from './charts.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
let libraries: Promise<{ vega: Vega; compile: VegaLite['compile'] }> | undefined;

/**
 * vega and vega-lite, loaded on first use (they take half a second to load, which no command but
 * a report should pay), with text widths estimated: measuring would depend on an optional
 * `canvas` package and its fonts. (vega re-exports vega-scenegraph's textMetrics; its type
 * declarations leave it out.)
 */
function load(): Promise<{ vega: Vega; compile: VegaLite['compile'] }> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => {
    (vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics.canvas(false);
    return { vega, compile: vl.compile };
  });
  return libraries;
}

/** The look shared by every chart: system sans-serif fonts (no font is fetched), no background request. */
const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 10, titleFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 220 },
  title: { fontSize: 13, anchor: 'start' },
};

/** Escapes text for an HTML or SVG text node or a double-quoted attribute. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The chart as one `<svg>` element with its title and description for assistive technology. */
export async function renderChart(c: Chart): Promise<string> {
  const { vega, compile } = await load();
  const spec = { ...c.spec, config: { ...CONFIG, ...(c.spec.config ?? {}) } } as typeof c.spec;
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  return labelled(prefixIds(svg, c.id), c);
}

/** Renames every `id="x"` to `id="<chart>-x"` and each reference to it (`url(#x)`, `href="#x"`). */
export function prefixIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]!);
  if (ids.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, a: string, id: string) => `${a}${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => (ids.has(id) ? `url(#${prefix}-${id})` : all))
    .replace(/(href=")#([^"]+)"/g, (all, a: string, id: string) => (ids.has(id) ? `${a}#${prefix}-${id}"` : all));
}

/** Adds role, aria-label and the `<title>` and `<desc>` children to the root `<svg>`. */
function labelled(svg: string, c: Chart): string {
  const open = svg.indexOf('>');
  if (!svg.startsWith('<svg') || open < 0) throw new Error(`vega did not return an SVG for chart ${c.id}`);
  const head = svg.slice(0, open);
  return `${head} role="img" aria-label="${escapeXml(c.title)}" id="chart-${c.id}"><title>${escapeXml(c.title)}</title><desc>${escapeXml(c.description)}</desc>${svg.slice(open + 1)}`;
}

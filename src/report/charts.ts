/**
 * The report's charts as Vega-Lite specs, one builder per chart, each given the data it plots.
 * Times are local wall times on UTC scales (see `localMs`), so a chart does not depend on the
 * time zone of the machine that draws it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChannelShares, CompareRow, DeclineTotal, FeeTotal, HostData, ReplicationRow, ReplicationValue, SettlementTotal, ThroughputRow, WalletRow } from './tables.js';

/** One chart of the page: an id for its anchor, a title, what it shows in words, and its spec. */
export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly spec: TopLevelSpec;
}

/** Every chart's plot area, in px. */
const SIZE = { width: 640, height: 200 } as const;
type Row = Record<string, string | number>;

function chart(id: string, title: string, description: string, body: Record<string, unknown>): Chart {
  const spec = { title, description, ...SIZE, ...body } as TopLevelSpec;
  return { id, title, description, spec };
}

function timeAxis(title: string): Record<string, unknown> {
  return { field: 't', type: 'temporal', scale: { type: 'utc' }, title, axis: { format: '%d %b %H:%M', labelOverlap: true } };
}

/**
 * Rows of a long table: one row per time and series. With `endMs`, the last bucket's values are
 * repeated at the end of the run, so that a step drawn from each bucket's start covers the last one.
 */
function longSeries(rows: readonly ThroughputRow[], series: readonly (readonly [string, (r: ThroughputRow) => number])[], valueName: string, endMs?: number): Row[] {
  const last = rows[rows.length - 1];
  const all = endMs !== undefined && last !== undefined ? [...rows, { ...last, t: endMs }] : rows;
  return all.flatMap((r) => series.map(([name, f]) => ({ t: r.t, series: name, [valueName]: f(r) })));
}

export function purchasesChart(rows: readonly ThroughputRow[], endMs: number): Chart {
  const values = longSeries(rows, [['approved', (r) => r.approved], ['declined', (r) => r.declined], ['timed out', (r) => r.timedOut]], 'purchases', endMs);
  return chart('purchases', 'Purchases per bucket by outcome', 'Purchases started in each time bucket, stacked by outcome: approved, declined, timed out.', {
    data: { values },
    mark: { type: 'area', interpolate: 'step-after' },
    encoding: {
      x: timeAxis('local time'),
      y: { field: 'purchases', type: 'quantitative', stack: 'zero', title: 'purchases' },
      color: { field: 'series', type: 'nominal', title: 'outcome', scale: { domain: ['approved', 'declined', 'timed out'], range: ['#4c78a8', '#f58518', '#e45756'] } },
      order: { field: 'series', sort: 'ascending' },
    },
  });
}

export function tpsChart(rows: readonly ThroughputRow[], endMs: number): Chart {
  const values = longSeries(rows, [['mean TPS', (r) => r.meanTps], ['peak TPS (busiest second)', (r) => r.peakTps]], 'tps', endMs);
  return chart('tps', 'Transactions per second', 'Mean purchases per second in each bucket and the busiest second of the bucket.', {
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: { x: timeAxis('local time'), y: { field: 'tps', type: 'quantitative', title: 'purchases per second' }, color: { field: 'series', type: 'nominal', title: null } },
  });
}

export function approvalChart(rows: readonly ThroughputRow[]): Chart {
  const values = rows.filter((r) => r.attempts > 0).map((r) => ({ t: r.t, rate: r.approvalRate }));
  return chart('approval', 'Approval rate', 'Share of the purchases started in each bucket that were approved.', {
    data: { values },
    mark: { type: 'line', point: values.length < 60 },
    encoding: { x: timeAxis('local time'), y: { field: 'rate', type: 'quantitative', title: 'approval rate', axis: { format: '.1%' }, scale: { zero: false } } },
  });
}

export function declinesChart(rows: readonly DeclineTotal[]): Chart {
  const values = rows.map((d) => ({ code: `${d.code} ${d.meaning}`, count: d.count }));
  return chart('declines', 'Declines by response code', 'Declined and timed-out purchases over the whole run, by ISO 8583 response code.', {
    height: Math.max(60, 22 * values.length),
    data: { values },
    mark: 'bar',
    encoding: { y: { field: 'code', type: 'nominal', sort: null, title: 'response code' }, x: { field: 'count', type: 'quantitative', title: 'purchases' } },
  });
}

export function latencyChart(rows: readonly ThroughputRow[]): Chart {
  const series: [string, (r: ThroughputRow) => number][] = [['p50', (r) => r.p50], ['p95', (r) => r.p95], ['p99', (r) => r.p99], ['mean', (r) => r.latencyMeanMs]];
  const values = longSeries(rows.filter((r) => r.attempts > 0), series, 'ms');
  return chart('latency', 'End-to-end latency: p50, p95, p99', 'Latency from terminal to terminal of the purchases of each bucket: median, 95th and 99th percentile, and mean, in milliseconds.', {
    data: { values },
    mark: 'line',
    encoding: { x: timeAxis('local time'), y: { field: 'ms', type: 'quantitative', title: 'milliseconds' }, color: { field: 'series', type: 'nominal', title: null, sort: ['p50', 'p95', 'p99', 'mean'] } },
  });
}

export function utilizationChart(data: HostData, stepMs: number): Chart {
  const values = data.cells.map((c) => ({ t: c.t, t2: c.t + stepMs * data.merged, host: c.host, utilization: c.utilization }));
  const merged = data.merged > 1 ? ` (${data.merged} buckets per column)` : '';
  return chart('utilization', 'Host utilization', `Utilization (busy servers over servers) of every host in each time bucket${merged}: acquirer hosts, the switch and issuer hosts. The colour scale runs from 0 to the busiest cell.`, {
    height: Math.max(60, 14 * data.hosts.length),
    data: { values },
    mark: { type: 'rect', aria: false },
    encoding: {
      x: timeAxis('local time'),
      x2: { field: 't2' },
      y: { field: 'host', type: 'nominal', sort: data.hosts.map((h) => h.host), title: null },
      color: { field: 'utilization', type: 'quantitative', scale: { domainMin: 0, scheme: 'blues' }, title: 'utilization', legend: { format: '.2~%' } },
    },
  });
}

export function waitsChart(data: HostData): Chart {
  const values = data.hosts.map((h) => ({ host: h.host, role: h.role, wait: h.meanWaitMs }));
  return chart('waits', 'Mean queue wait by host', 'Mean time a job waited in the queue of each host before service, over the run (weighted by arrivals), in milliseconds.', {
    height: Math.max(60, 14 * values.length),
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'host', type: 'nominal', sort: null, title: null },
      x: { field: 'wait', type: 'quantitative', title: 'mean wait (ms)' },
      color: { field: 'role', type: 'nominal', title: 'role' },
    },
  });
}

export function walletChart(rows: readonly WalletRow[]): Chart {
  const values = rows.flatMap((r) => [
    { t: r.t, series: 'tokens active', tokens: r.tokensActive },
    { t: r.t, series: 'provisioned that day', tokens: r.provisioned },
  ]);
  return chart('wallet', 'Wallet adoption', 'Wallet tokens active at the end of each local day, and tokens provisioned that day.', {
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 't', type: 'temporal', scale: { type: 'utc' }, title: 'local day', axis: { format: '%d %b', tickCount: 'day', labelOverlap: true } },
      y: { field: 'tokens', type: 'quantitative', title: 'tokens' },
      color: { field: 'series', type: 'nominal', title: null },
    },
  });
}

/** Channel shares from transactions.csv, or (without it) the token share of purchases over time. */
export function channelChart(channels: ChannelShares | undefined, rows: readonly ThroughputRow[] | undefined): Chart | undefined {
  if (channels?.kind === 'counted') {
    const total = channels.channels.reduce((a, c) => a + c.purchases, 0);
    const values = channels.channels.map((c) => ({ channel: c.channel, share: total > 0 ? c.purchases / total : 0, purchases: c.purchases }));
    return chart('channels', 'Purchases by channel', 'Share of all purchases made through each channel (from transactions.csv).', {
      height: Math.max(60, 22 * values.length),
      data: { values },
      mark: 'bar',
      encoding: { y: { field: 'channel', type: 'nominal', sort: null, title: null }, x: { field: 'share', type: 'quantitative', title: 'share of purchases', axis: { format: '.0%' } } },
    });
  }
  if (rows === undefined) return undefined;
  const values = rows.filter((r) => r.attempts > 0).map((r) => ({ t: r.t, share: r.tokenPurchases / r.attempts }));
  return chart('channels', 'Wallet token share of purchases', 'Share of the purchases of each bucket paid with a wallet token (from throughput.csv; run with --transactions for every channel).', {
    data: { values },
    mark: 'line',
    encoding: { x: timeAxis('local time'), y: { field: 'share', type: 'quantitative', title: 'token share', axis: { format: '.2~%' } } },
  });
}

export function feesCharts(rows: readonly FeeTotal[]): Chart[] {
  return currencies(rows).map((cur) => {
    const values = rows.filter((r) => r.currency === cur).map((r) => ({ payer: r.participantType, fee_type: r.feeType, fee: r.fee }));
    return chart(`fees-${cur}`, `Fees paid by party (${cur})`, `Fees in ${cur} over the run by the participant type that pays them, stacked by fee type.`, {
      height: Math.max(60, 30 * new Set(values.map((v) => v.payer)).size),
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'payer', type: 'nominal', title: 'paid by' },
        x: { field: 'fee', type: 'quantitative', title: `fees (${cur})`, stack: 'zero' },
        color: { field: 'fee_type', type: 'nominal', title: 'fee type' },
      },
    });
  });
}

export function settlementCharts(rows: readonly SettlementTotal[]): Chart[] {
  return currencies(rows).map((cur) => {
    const values = rows.filter((r) => r.currency === cur).map((r) => ({ cycle: r.cycleDate, party: r.participantType, net: r.net }));
    return chart(`settlement-${cur}`, `Net settlement per cycle (${cur})`, `Multilateral net position in ${cur} of each participant type per clearing cycle (positive receives); the positions of a cycle sum to zero.`, {
      data: { values },
      mark: 'bar',
      encoding: {
        x: { field: 'cycle', type: 'ordinal', title: 'clearing cycle', axis: { labelAngle: 0 } },
        y: { field: 'net', type: 'quantitative', title: `net position (${cur})` },
        color: { field: 'party', type: 'nominal', title: 'participant type' },
      },
    });
  });
}

function currencies(rows: readonly { readonly currency: string }[]): string[] {
  return [...new Set(rows.map((r) => r.currency))].sort();
}

/** compare.csv: fee net per participant type, and merchant cost per 100 by channel, model by model. */
export function compareCharts(rows: readonly CompareRow[], currency: string): Chart[] {
  const models = [...new Set(rows.map((r) => r.model))];
  const grouped = (id: string, title: string, description: string, values: Row[], x: string, y: string, yTitle: string): Chart =>
    chart(id, title, description, {
      data: { values },
      mark: 'bar',
      encoding: {
        x: { field: x, type: 'nominal', title: null, sort: null },
        xOffset: { field: 'model', sort: models },
        y: { field: y, type: 'quantitative', title: yTitle },
        color: { field: 'model', type: 'nominal', sort: models, title: 'fee model' },
      },
    });
  const net = rows.filter((r) => r.metric === 'net' && r.channel === 'all' && r.value !== null).map((r) => ({ model: r.model, party: r.participantType, net: r.value! }));
  const cost = rows.filter((r) => r.metric === 'merchant_cost_per_100' && r.value !== null).map((r) => ({ model: r.model, channel: r.channel, cost: r.value! }));
  const out: Chart[] = [];
  if (net.length > 0) out.push(grouped('compare-net', 'Fee net by party, model by model', `Fee revenue minus fee cost of each participant type over the run under each fee model (${currency}).`, net, 'party', 'net', `net (${currency})`));
  if (cost.length > 0) out.push(grouped('compare-cost', 'Merchant cost per 100 by channel, model by model', `What merchants pay per ${currency} 100 of purchases under each fee model, by channel class.`, cost, 'channel', 'cost', `per ${currency} 100`));
  return out;
}

/** replications.csv: each metric's mean and 95 % interval on its own scale, with every replication's value. */
export function replicationsChart(rows: readonly ReplicationRow[], values: readonly ReplicationValue[]): Chart {
  const data = [
    ...rows.map((r) => ({ metric: r.metric, kind: 'summary', mean: r.mean, low: r.low, high: r.high })),
    ...values.map((v) => ({ metric: v.metric, kind: 'value', value: v.value })),
  ];
  const spec = {
    title: 'Replications: mean and 95 % interval of each metric',
    description: 'For each headline metric, the mean over the replications (dot), its 95 % t interval (bar) and every replication value (ticks), each on its own scale.',
    data: { values: data },
    facet: { row: { field: 'metric', type: 'nominal', sort: rows.map((r) => r.metric), title: null, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 200 } } },
    spec: {
      width: 420,
      height: 14,
      layer: [
        { transform: [{ filter: "datum.kind === 'summary'" }], mark: { type: 'rule', strokeWidth: 3, color: '#9ecae9' }, encoding: { x: { field: 'low', type: 'quantitative', title: null, scale: { zero: false } }, x2: { field: 'high' } } },
        { transform: [{ filter: "datum.kind === 'value'" }], mark: { type: 'tick', color: '#888', thickness: 1 }, encoding: { x: { field: 'value', type: 'quantitative' } } },
        { transform: [{ filter: "datum.kind === 'summary'" }], mark: { type: 'point', filled: true, color: '#4c78a8' }, encoding: { x: { field: 'mean', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: { axis: { tickCount: 4, labelFontSize: 9 } },
  } as unknown as TopLevelSpec;
  return { id: 'replications', title: 'Replications: mean and 95 % interval of each metric', description: spec.description ?? '', spec };
}

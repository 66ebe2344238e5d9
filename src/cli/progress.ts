import { performance } from 'node:perf_hooks';
import type { Tick } from '../app/types.js';
import { Clock } from '../output/time-format.js';
import type { Scenario } from '../scenario/types.js';
import type { Io } from './io.js';

/**
 * Progress displays on stderr, drawn only on a terminal: a run's (building the network, then a
 * bar with the simulated time, purchases, approval rate, a windowed rate and an ETA) and a count
 * of finished jobs (replications, sweep points). They read the wall clock, which is fine here:
 * this is the CLI, never the simulation. Every line fits the terminal's width (80 columns when
 * it is not known).
 */

/** What a display needs from its surroundings; tests give a fixed width and a fake clock. */
export interface ProgressEnv {
  /** Terminal width (default: stderr's columns, else 80). */
  readonly columns?: number;
  /** Wall clock in milliseconds (default: performance.now). */
  readonly nowMs?: () => number;
  /** Redraw on a timer while nothing reports (a spinner); default true. */
  readonly animate?: boolean;
}

/** The rates are measured over the last few seconds, not since the start. */
const WINDOW_MS = 5000;
/** At most this often a line is redrawn. */
const REDRAW_MS = 100;
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
const HIDE_CURSOR = '\x1B[?25l';
const SHOW_CURSOR = '\x1B[?25h';
const CLEAR_TO_END = '\x1B[K';

/** 1,234 as `1,234`; 12,345 and more as `12.3k`, `1.23M`, `4.71G` (three significant digits). */
export function compact(n: number): string {
  const a = Math.abs(n);
  if (a < 10_000) return Math.round(n).toLocaleString('en-US');
  for (const [unit, d] of [['k', 1e3], ['M', 1e6], ['G', 1e9]] as const) {
    const v = n / d;
    if (Math.abs(v) < 999.5 || unit === 'G') return `${Math.abs(v) < 99.95 ? v.toFixed(Math.abs(v) < 9.995 ? 2 : 1) : v.toFixed(0)}${unit}`;
  }
  return String(n);
}

/** Seconds as `42s`, `3m05s`, `2h07m`. */
export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
}

/** A bar of `width` cells, `fraction` of them full. */
export function bar(fraction: number, width: number): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/** The first of `variants` (each a list of parts around one bar) that fits `columns - 1` with a bar of at least 8 cells (at most 30), else the last without its bar. */
export function fitLine(columns: number, fraction: number, variants: readonly (readonly [string, string])[]): string {
  const room = Math.max(20, columns - 1);
  for (const [before, after] of variants) {
    const w = Math.min(30, room - before.length - after.length - 2);
    if (w >= 8) return `${before} ${bar(fraction, w)} ${after}`;
  }
  const [before, after] = variants.at(-1)!;
  return `${before} ${after}`.slice(0, room);
}

/** Samples of (wall ms, values) over the last WINDOW_MS: the recent rate of each value per wall second. */
class RateWindow {
  private readonly samples: { t: number; v: readonly number[] }[] = [];

  push(t: number, v: readonly number[]): void {
    this.samples.push({ t, v });
    // Keep one sample at or before the window's start, so the window spans it whole.
    while (this.samples.length > 2 && this.samples[1]!.t <= t - WINDOW_MS) this.samples.shift();
  }

  /** Per wall second, over the window; undefined until it spans a second. */
  perSecond(): number[] | undefined {
    const a = this.samples[0];
    const b = this.samples.at(-1);
    if (a === undefined || b === undefined || b.t - a.t < 1000) return undefined;
    return b.v.map((x, i) => ((x - a.v[i]!) * 1000) / (b.t - a.t));
  }
}

/** Writes one line in place on stderr, cut to the terminal's width. */
class StatusLine {
  readonly columns: number;
  private readonly enabled: boolean;
  private last = '';

  constructor(private readonly io: Io, enabled: boolean, env: ProgressEnv) {
    this.enabled = enabled && io.errIsTty;
    this.columns = env.columns ?? (io.errStream as { columns?: number } | undefined)?.columns ?? 80;
    if (this.enabled) io.err(HIDE_CURSOR);
  }

  get on(): boolean {
    return this.enabled;
  }

  draw(text: string): void {
    if (!this.enabled || text === this.last) return;
    this.last = text;
    this.io.err(`\r${text.slice(0, Math.max(20, this.columns - 1))}${CLEAR_TO_END}`);
  }

  /** Leaves `text` on its own line; the next line starts below it. */
  keep(text: string): void {
    if (!this.enabled) return;
    this.draw(text);
    this.io.err('\n');
    this.last = '';
  }

  close(): void {
    if (!this.enabled) return;
    this.io.err(`\r${CLEAR_TO_END}${SHOW_CURSOR}`);
  }
}

/** A timer that redraws while nothing reports (unref'd: it never keeps the process alive). */
function animate(env: ProgressEnv, draw: () => void): NodeJS.Timeout | undefined {
  if (env.animate === false) return undefined;
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return timer;
}

/** What one view of a running simulation shows. */
export interface RunView {
  readonly sim: string;
  readonly fraction: number;
  readonly purchases: number;
  /** Approved / decided, percent; undefined before any purchase is decided. */
  readonly approvalPct?: number;
  /** Purchases per wall second over the last few seconds. */
  readonly purchasesPerS?: number;
  readonly etaS?: number;
}

/** The bar line of a run, fitted to `columns`: full labels when they fit, shorter ones, then fewer fields. */
export function runLine(v: RunView, columns: number): string {
  // Fields padded to their widest, so the bar keeps its width as the numbers change.
  const pct = `${(100 * v.fraction).toFixed(0).padStart(3)}%`;
  const eta = (v.etaS === undefined ? 'ETA --' : `ETA ${shortDuration(v.etaS)}`).padEnd(10);
  const ok = (v.approvalPct === undefined ? '--' : `${v.approvalPct.toFixed(1)}%`).padStart(6);
  const rate = (v.purchasesPerS === undefined ? '--' : compact(v.purchasesPerS)).padStart(5);
  const n = compact(v.purchases).padStart(5);
  const sim = `sim ${v.sim}`;
  return fitLine(columns, v.fraction, [
    [sim, `${pct}  ${n} purchases, ${ok} approved, ${rate} purchases/s  ${eta}`],
    [sim, `${pct} ${n} purchases ${ok} approved ${rate}/s ${eta}`],
    [sim, `${pct} ${n} purch. ${ok} ok ${rate}/s ${eta}`],
    [sim, `${pct} ${ok} ok ${eta}`],
    [sim, `${pct} ${eta}`],
  ]).trimEnd();
}

/** The line shown while the network is built: what is built, a spinner and the time so far. */
export function buildLine(sc: Pick<Scenario, 'shards'> & { cards: { count: number }; merchants: { terminals: number } }, columns: number, suffix: string): string {
  const shards = sc.shards > 1 ? `, ${sc.shards} shards` : '';
  const long = `building network: ${sc.cards.count.toLocaleString('en-US')} cards, ${sc.merchants.terminals.toLocaleString('en-US')} terminals${shards} ${suffix}`;
  if (long.length < columns) return long;
  return `building network: ${compact(sc.cards.count)} cards, ${compact(sc.merchants.terminals)} terminals${shards} ${suffix}`;
}

/**
 * The progress of one simulation (`sim run`, `compare`, `verify`): a "building network" line
 * with a spinner until the first tick (sent when the network is built), then the bar. The ETA
 * comes from the recent rate of simulated time, so a slow start does not inflate it.
 */
export class RunProgress {
  private readonly line: StatusLine;
  private readonly nowMs: () => number;
  private readonly t0: number;
  private readonly clock: Clock;
  private readonly window = new RateWindow();
  private timer: NodeJS.Timeout | undefined;
  private building = true;
  private lastDraw = -Infinity;
  private frame = 0;

  constructor(io: Io, private readonly sc: Scenario, enabled: boolean, env: ProgressEnv = {}) {
    this.line = new StatusLine(io, enabled, env);
    this.nowMs = env.nowMs ?? (() => performance.now());
    this.t0 = this.nowMs();
    this.clock = new Clock(sc.start);
    if (!this.line.on) return;
    this.drawBuild();
    this.timer = animate(env, () => this.drawBuild());
  }

  private elapsedS(): string {
    return `${((this.nowMs() - this.t0) / 1000).toFixed(1)} s`;
  }

  private drawBuild(): void {
    if (!this.building) return;
    this.frame = (this.frame + 1) % SPINNER.length;
    this.line.draw(buildLine(this.sc, this.line.columns, `${SPINNER[this.frame]} ${this.elapsedS()}`));
  }

  readonly tick: Tick = (nowUs, _events, purchases, approved, decided) => {
    if (!this.line.on) return;
    const t = this.nowMs();
    if (this.building) {
      this.building = false;
      clearInterval(this.timer);
      this.line.keep(buildLine(this.sc, this.line.columns, `in ${this.elapsedS()}`).replace('building network', 'network built'));
    }
    const total = this.sc.durationUs;
    this.window.push(t, [nowUs, purchases]);
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    const rates = this.window.perSecond();
    const simPerS = rates?.[0];
    this.line.draw(
      runLine(
        {
          sim: this.clock.iso(Math.min(nowUs, total)).slice(0, 16).replace('T', ' '),
          fraction: total > 0 ? nowUs / total : 1,
          purchases,
          ...(decided > 0 ? { approvalPct: (100 * approved) / decided } : {}),
          ...(rates !== undefined ? { purchasesPerS: rates[1]! } : {}),
          ...(simPerS !== undefined && simPerS > 0 ? { etaS: (total - nowUs) / simPerS } : {}),
        },
        this.line.columns,
      ),
    );
  };

  stop(): void {
    clearInterval(this.timer);
    this.line.close();
  }
}

/**
 * A count of finished jobs (replications, sweep points): a bar, `k/N done`, the time so far and
 * an ETA from the mean time per finished job. Call `done(k)` as the k-th job finishes and `stop()`
 * at the end, however it ends.
 */
export class CountProgress {
  private readonly line: StatusLine;
  private readonly nowMs: () => number;
  private readonly t0: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private finished = 0;
  private frame = 0;

  constructor(io: Io, private readonly label: string, private readonly total: number, enabled: boolean, env: ProgressEnv = {}) {
    this.line = new StatusLine(io, enabled, env);
    this.nowMs = env.nowMs ?? (() => performance.now());
    this.t0 = this.nowMs();
    if (!this.line.on) return;
    this.draw();
    this.timer = animate(env, () => this.draw());
  }

  /** `k` of the jobs have finished. */
  readonly done = (k: number): void => {
    this.finished = k;
    this.draw();
  };

  private draw(): void {
    if (!this.line.on) return;
    this.frame = (this.frame + 1) % SPINNER.length;
    const s = (this.nowMs() - this.t0) / 1000;
    const k = this.finished;
    const eta = k > 0 && k < this.total ? `ETA ${shortDuration((s / k) * (this.total - k))}` : 'ETA --';
    const count = `${k.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} done`;
    this.line.draw(
      fitLine(this.line.columns, this.total > 0 ? k / this.total : 1, [
        [this.label, `${count} ${SPINNER[this.frame]} ${shortDuration(s)} elapsed  ${eta}`],
        [this.label, `${count} ${shortDuration(s)} ${eta}`],
        [this.label, `${count} ${eta}`],
      ]),
    );
  }

  stop(): void {
    clearInterval(this.timer);
    this.line.close();
  }
}

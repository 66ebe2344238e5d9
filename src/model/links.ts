import type { Stream, Streams } from '../engine/rng.js';
import type { DurationDist, FaultSpec, LinksSpec, NetworksSpec } from '../scenario/types.js';
import { Sampler } from './dist.js';

/**
 * Links and faults: the latency of each link class, latency windows added by faults, and the
 * outage windows of each host. Links have no queue: a message takes its sampled latency.
 */

/** Link classes, in the scenario's order (the numbers index `Links`' columns). */
export const LINK_KEYS: readonly (keyof LinksSpec)[] = [
  'terminalAcquirer',
  'acquirerSwitch',
  'switchIssuer',
  'issuerSwitch',
  'switchAcquirer',
  'acquirerTerminal',
];
export const L_TERM_ACQ = 0;
export const L_ACQ_SW = 1;
export const L_SW_ISS = 2;
export const L_ISS_SW = 3;
export const L_SW_ACQ = 4;
export const L_ACQ_TERM = 5;
/** Link classes of the three-party route (`networks.links`, each used both ways with its own stream). */
export const NETWORK_LINK_KEYS = [
  'terminalPlatform', 'platformTerminal', 'platformClearing', 'clearingPlatform', 'clearingIssuer', 'issuerClearing',
] as const;
export const L_TERM_PLAT = 6;
export const L_PLAT_TERM = 7;
export const L_PLAT_CH = 8;
export const L_CH_PLAT = 9;
export const L_CH_ISS = 10;
export const L_ISS_CH = 11;

/** Which party's index a latency fault on a link class names: the link's acquirer or its issuer. */
export const SIDE_ACQUIRER = 0;
export const SIDE_ISSUER = 1;
export const LINK_SIDE: Uint8Array = Uint8Array.from([
  SIDE_ACQUIRER,
  SIDE_ACQUIRER,
  SIDE_ISSUER,
  SIDE_ISSUER,
  SIDE_ACQUIRER,
  SIDE_ACQUIRER,
  SIDE_ACQUIRER,
  SIDE_ACQUIRER,
  SIDE_ACQUIRER,
  SIDE_ACQUIRER,
  SIDE_ISSUER,
  SIDE_ISSUER,
]);

/** State of a host at an instant. */
export const DOWN_UP = 0;
/** Down and refusing connections: the caller knows at once. */
export const DOWN_REFUSED = 1;
/** Down and hung: requests are taken and never answered. */
export const DOWN_HUNG = 2;

interface Window {
  readonly fromUs: number;
  readonly toUs: number;
  readonly hung: boolean;
}

interface LatencyWindow {
  readonly fromUs: number;
  readonly toUs: number;
  readonly party: number;
  readonly addUs: number;
}

/** Link latencies and the fault windows of a run (hosts numbered as in `hosts.ts`). */
export class Links {
  private readonly samplers: Sampler[];
  private readonly streams: Stream[];
  private readonly latencyWindows: LatencyWindow[][];
  private readonly downWindows: Window[][];
  /** Windows per link class and per host (the hot checks read these first). */
  private readonly latencyCount: Uint32Array;
  private readonly downCount: Uint32Array;

  constructor(spec: LinksSpec, streams: Streams, hostCount: number, networks?: NetworksSpec) {
    const none: DurationDist = { kind: 'fixed', valueUs: 0 };
    const n = networks;
    const net = [n?.terminalPlatform, n?.terminalPlatform, n?.platformClearing, n?.platformClearing, n?.clearingIssuer, n?.clearingIssuer];
    this.samplers = [...LINK_KEYS.map((k) => Sampler.duration(spec[k])), ...net.map((d) => Sampler.duration(d ?? none))];
    this.streams = [...LINK_KEYS, ...NETWORK_LINK_KEYS].map((k) => streams.get(`link/${k}`));
    this.latencyWindows = this.samplers.map(() => []);
    this.downWindows = Array.from({ length: hostCount }, () => []);
    this.latencyCount = new Uint32Array(this.samplers.length);
    this.downCount = new Uint32Array(hostCount);
  }

  /** Adds an outage (host_down fault) of host `h`. */
  addOutage(h: number, f: FaultSpec & { kind: 'host_down' }): void {
    this.downWindows[h]!.push({ fromUs: f.fromUs, toUs: f.toUs, hung: f.hung });
    this.downCount[h] = this.downWindows[h]!.length;
  }

  /** Adds a latency fault. */
  addLatency(f: FaultSpec & { kind: 'latency' }): void {
    const li = LINK_KEYS.indexOf(f.link);
    this.latencyWindows[li]!.push({ fromUs: f.fromUs, toUs: f.toUs, party: f.party, addUs: f.addUs });
    this.latencyCount[li] = this.latencyWindows[li]!.length;
  }

  // Hot leaves (latency, host state): each a few bytecodes with the fault windows out of line, so
  // V8 inlines them into every party's handler even when its inlining budget is spent.
  /** Latency of a message sent on `link` at `now`; `party` is the link's acquirer or issuer (LINK_SIDE). */
  delay(link: number, party: number, now: number): number {
    const s = this.samplers[link]!;
    const c = s.fixed;
    const d = c === c ? c : s.sample(this.streams[link]!);
    return this.latencyCount[link] === 0 ? d : d + this.latencyAdded(link, party, now);
  }

  /** Latency the faults add to `link` at `now` for `party`. */
  private latencyAdded(link: number, party: number, now: number): number {
    const ws = this.latencyWindows[link]!;
    let d = 0;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (now >= w.fromUs && now < w.toUs && (w.party < 0 || w.party === party)) d += w.addUs;
    }
    return d;
  }

  /** DOWN_UP, DOWN_REFUSED or DOWN_HUNG: the state of `host` at t. */
  downState(host: number, t: number): number {
    return this.downCount[host] === 0 ? DOWN_UP : this.downStateIn(host, t);
  }

  private downStateIn(host: number, t: number): number {
    const ws = this.downWindows[host]!;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (t >= w.fromUs && t < w.toUs) return w.hung ? DOWN_HUNG : DOWN_REFUSED;
    }
    return DOWN_UP;
  }

  /** The end of the outage of `host` that contains t. */
  upAgain(host: number, t: number): number {
    const ws = this.downWindows[host]!;
    let up = t;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (t >= w.fromUs && t < w.toUs && w.toUs > up) up = w.toUs;
    }
    return up;
  }

  /** Whether an outage of `host` begins in (a, b]: work in service then is lost. */
  goesDown(host: number, a: number, b: number): boolean {
    return this.downCount[host] !== 0 && this.goesDownIn(host, a, b);
  }

  private goesDownIn(host: number, a: number, b: number): boolean {
    const ws = this.downWindows[host]!;
    for (let i = 0; i < ws.length; i++) {
      const f = ws[i]!.fromUs;
      if (f > a && f <= b) return true;
    }
    return false;
  }
}

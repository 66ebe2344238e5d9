/**
 * The tandem network of docs/sources.md §B.2 as a plain hand-written event-by-event loop, for
 * `npm run bench`'s "tandem through sim run against a hand-written loop" target: no framework, a
 * binary heap over typed arrays, one event per arrival, per arrival at a station and per service
 * completion (7 events a purchase). Poisson arrivals at 1,000/s; acquirer M/M/4 (3.2 ms), switch
 * M/M/8 (5.6 ms), issuer M/M/4 (3.6 ms); links 5 ms, 5 ms and a 10 ms response; 1,000,000
 * purchases, the first 10,000 left out. Prints one JSON line like bench/case.ts (and the mean
 * latency, which Erlang C puts at 42.507 ms).
 *
 * `node dist/bench/tandem-loop.js [purchases]`
 */
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';

const N = Number(process.argv[2] ?? 1_000_000);
const WARMUP = 10_000;
const RATE = 1000;
const SERVERS = [4, 8, 4];
const MEAN_S = [0.0032, 0.0056, 0.0036];
const LINK_S = [0.005, 0.005];
const RESPONSE_S = 0.01;

// Event kinds: 0 arrival of a new purchase, 1..3 arrival at station k-1, 4..6 completion at station k-4.
const t0 = performance.now();
const rng = seedrandom.alea('tandem-loop');
const exp = (mean: number): number => -mean * Math.log(1 - rng());

let cap = 1 << 16;
let hTime = new Float64Array(cap);
let hSeq = new Float64Array(cap);
let hKind = new Int32Array(cap);
let hId = new Int32Array(cap);
let n = 0;
let seq = 0;

function push(t: number, kind: number, id: number): void {
  if (n === cap) {
    cap *= 2;
    const grow = <T extends Float64Array | Int32Array>(a: T, b: T): T => (b.set(a), b);
    hTime = grow(hTime, new Float64Array(cap));
    hSeq = grow(hSeq, new Float64Array(cap));
    hKind = grow(hKind, new Int32Array(cap));
    hId = grow(hId, new Int32Array(cap));
  }
  const s = seq++;
  let i = n++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (hTime[p]! < t || (hTime[p] === t && hSeq[p]! < s)) break;
    hTime[i] = hTime[p]!;
    hSeq[i] = hSeq[p]!;
    hKind[i] = hKind[p]!;
    hId[i] = hId[p]!;
    i = p;
  }
  hTime[i] = t;
  hSeq[i] = s;
  hKind[i] = kind;
  hId[i] = id;
}

let popTime = 0;
let popKind = 0;
let popId = 0;
function pop(): void {
  popTime = hTime[0]!;
  popKind = hKind[0]!;
  popId = hId[0]!;
  const last = --n;
  const t = hTime[last]!;
  const s = hSeq[last]!;
  const k = hKind[last]!;
  const id = hId[last]!;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= last) break;
    if (c + 1 < last && (hTime[c + 1]! < hTime[c]! || (hTime[c + 1] === hTime[c] && hSeq[c + 1]! < hSeq[c]!))) c++;
    if (t < hTime[c]! || (t === hTime[c] && s < hSeq[c]!)) break;
    hTime[i] = hTime[c]!;
    hSeq[i] = hSeq[c]!;
    hKind[i] = hKind[c]!;
    hId[i] = hId[c]!;
    i = c;
  }
  hTime[i] = t;
  hSeq[i] = s;
  hKind[i] = k;
  hId[i] = id;
}

// Per station: busy servers and a FIFO ring of waiting purchase ids.
const busy = new Int32Array(3);
const queues = [0, 1, 2].map(() => new Int32Array(N));
const qHead = new Int32Array(3);
const qTail = new Int32Array(3);
const startS = new Float64Array(N);
let started = 0;
let done = 0;
let events = 0;
let latencySum = 0;

push(exp(1 / RATE), 0, 0);
while (n > 0) {
  pop();
  events++;
  const now = popTime;
  const kind = popKind;
  const id = popId;
  if (kind === 0) {
    startS[id] = now;
    push(now, 1, id);
    if (++started < N) push(now + exp(1 / RATE), 0, started);
  } else if (kind <= 3) {
    const st = kind - 1;
    if (busy[st]! < SERVERS[st]!) {
      busy[st]!++;
      push(now + exp(MEAN_S[st]!), st + 4, id);
    } else queues[st]![qTail[st]!++] = id;
  } else {
    const st = kind - 4;
    if (qHead[st]! < qTail[st]!) push(now + exp(MEAN_S[st]!), kind, queues[st]![qHead[st]!++]!);
    else busy[st]!--;
    if (st < 2) push(now + LINK_S[st]!, st + 2, id);
    else {
      done++;
      if (id >= WARMUP) latencySum += now + RESPONSE_S - startS[id]!;
    }
  }
}
const wallS = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ transactions: done, events, wallS, peakRssBytes: process.resourceUsage().maxRSS * 1024, meanLatencyMs: (latencySum / (done - WARMUP)) * 1000 })}\n`,
);

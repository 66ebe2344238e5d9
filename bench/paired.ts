import seedrandom from 'seedrandom';

/** The median of `xs` (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The median of the paired ratios b[i] / a[i] of an interleaved comparison (run i of each side
 * ran one after the other, so a drift of the machine's speed over the sitting cancels within the
 * pair) and its 95 % percentile-bootstrap interval: 2,000 resamples of the pairs, drawn from a
 * fixed seed, so equal runs give an equal table.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): { median: number; lo: number; hi: number } {
  if (a.length === 0 || a.length !== b.length) throw new Error(`pairedRatio: ${a.length} and ${b.length} runs, need equal non-zero counts`);
  const r = a.map((x, i) => b[i]! / x);
  const rng = seedrandom('bench/paired-ratio');
  const meds: number[] = [];
  for (let k = 0; k < 2000; k++) meds.push(median(r.map(() => r[Math.floor(rng() * r.length)]!)));
  meds.sort((x, y) => x - y);
  return { median: median(r), lo: meds[50]!, hi: meds[1949]! };
}

/**
 * Bass diffusion, the closed form (sources §3.1): wallet token adoption by holders
 * (parties/token-service.ts) and terminal rollout by acquirers (terminals.ts).
 */

/**
 * Bass's closed form, the adopted share of the pool after `t` days with innovation `p` and
 * imitation `q` per day: F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}).
 */
export function bassShare(t: number, p: number, q: number): number {
  return bassAfter(0, p, q, t);
}

/**
 * The adopted share `dt` days after it was `f`, by the closed form (the Bass equation is
 * autonomous, so F(tau + dt) with F(tau) = f); with p = 0 it is the logistic curve.
 */
export function bassAfter(f: number, p: number, q: number, dt: number): number {
  if (f >= 1) return 1;
  if (p <= 0) {
    if (q <= 0 || f <= 0) return f;
    const g = Math.exp(q * dt);
    return (f * g) / (1 - f + f * g);
  }
  // e^{-(p+q) tau} for the tau at which F(tau) = f, moved on by dt.
  const e = ((1 - f) / (1 + (f * q) / p)) * Math.exp(-(p + q) * dt);
  return (1 - e) / (1 + (q / p) * e);
}

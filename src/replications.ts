/**
 * The replications API at its old import path: the application layer lives in src/app
 * (replicate.ts for `sim run --replications`, headline.ts for the metrics and their summary).
 */
export { executeReplications, type ReplicationsRequest, type ReplicationsOutcome } from './app/replicate.js';
export { headline, summarize, t95, type Headline, type Summary } from './app/headline.js';

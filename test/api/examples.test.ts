/**
 * The package as a user gets it: examples/ imports 'quartet' by name, which resolves through
 * package.json "exports" to dist/ and its declarations. The examples type-check under node16 and
 * bundler resolution (no TS7016: the declarations ship), then run. Needs `npm run build` (npm
 * test builds first).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const tsc = (project: string): string => execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { encoding: 'utf8' });
const node = (file: string): string => execFileSync(process.execPath, [file], { encoding: 'utf8' });
const examples = readdirSync('examples').filter((f) => f.endsWith('.ts'));

describe('the typed package', () => {
  it('every example type-checks against dist with moduleResolution bundler', () => {
    expect(tsc('examples/tsconfig.bundler.json')).toBe('');
  }, 120_000);

  it('every example compiles with moduleResolution node16 and runs', () => {
    expect(tsc('examples/tsconfig.json')).toBe('');
    expect(examples.sort()).toEqual(['compare.ts', 'run-and-read.ts', 'sweep.ts']);
    const read = node('dist/examples/run-and-read.js');
    expect(read).toMatch(/^bucket 0: \d+ purchases, approval [\d.]+ %, p99 \d+ ms$/m);
    expect(read).toMatch(/^purchases in 2 buckets: \d+$/m);
    expect(read).toMatch(/busiest issuer bucket: .* \((4|3) servers\)/);
    const compare = node('dist/examples/compare.js');
    expect(compare).toMatch(/^ru-2019: issuers net -?[\d.]+ RUB\neu-ifr: issuers net -?[\d.]+ RUB\n/m);
    const sweep = node('dist/examples/sweep.js');
    expect(sweep).toMatch(/^point 1 \(cards\.count=1000, issuers\.hosts\.Beta Bank\.servers=1\): p99 [\d.]+ ms \[-?[\d.]+, [\d.]+\]$/m);
    expect(sweep).toMatch(/^point 4 \(cards\.count=2000, issuers\.hosts\.Beta Bank\.servers=4\)/m);
    expect(sweep).toMatch(/^sweep\.csv: \d+ rows; point,cards\.count,issuers\.hosts\.Beta Bank\.servers,metric,unit,mean,sd,ci95_low,ci95_high,n$/m);
  }, 120_000);
});

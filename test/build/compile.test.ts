/**
 * The build's compile step (scripts/compile.mjs): it writes imported numeric constants as values
 * and must leave everything else as tsc writes it. Checked on a small made-up program: what is
 * replaced, what is not, that the program computes the same with and without the step, and
 * that a type error still fails the build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'compile.mjs');
const dirs: string[] = [];

const CONSTS = `
export const A = 3;
export const FLAG = 1 << 4;
export const NEG = -2.5;
export const SUM = A + FLAG;
export const HUGE = 1 / 0;
export let counter = 7;
export const TABLE = new Uint8Array([9, 8]);
export function bump(): void { counter++; }
`;
const MAIN = `
import { A, FLAG, NEG, SUM, HUGE, counter, TABLE, bump } from './consts.js';
export { A } from './consts.js';
const local = { A, B: FLAG };
const obj = { A: 1, FLAG: 2 };
export function compute(): number[] {
  bump();
  return [A * 2, FLAG | 1, NEG, SUM, HUGE, counter, TABLE[1]!, local.A, local.B, obj.A, obj.FLAG];
}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'quartet-compile-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.build.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: [], outDir: 'dist', rootDir: 'src' }, include: ['src'] }),
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'src', name), text);
  return dir;
}

function run(dir: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `import { compute } from './dist/main.js'; console.log(JSON.stringify(compute()));`], { cwd: dir, encoding: 'utf8' }));
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the compile step', () => {
  it('writes imported numeric constants as values and nothing else', () => {
    const dir = project({ 'consts.ts': CONSTS, 'main.ts': MAIN });
    execFileSync(process.execPath, [SCRIPT], { cwd: dir });
    const out = readFileSync(join(dir, 'dist', 'main.js'), 'utf8');
    const body = out.slice(out.indexOf('export function compute'));
    // Replaced: constants, also those computed from other constants, negative ones with their sign.
    expect(body).toContain('3 /* A */ * 2');
    expect(body).toContain('16 /* FLAG */ | 1');
    expect(body).toContain('(-2.5 /* NEG */)');
    expect(body).toContain('19 /* SUM */');
    // Left: a non-finite value, a `let` (it changes), a table, property names, shorthand.
    expect(body).toMatch(/\bHUGE\b/);
    expect(body).toMatch(/\bcounter\b/);
    expect(body).toMatch(/\bTABLE\[1\]/);
    expect(body).toContain('obj.A, obj.FLAG');
    expect(out).toContain('const local = { A, B: 16 /* FLAG */ }');
    expect(out).toContain("import { A, FLAG, NEG, SUM, HUGE, counter, TABLE, bump } from './consts.js'");
    expect(out).toContain("export { A } from './consts.js'");
    // The same results as the program compiled without the step (values read from the bindings).
    expect(run(dir)).toEqual([6, 17, -2.5, 19, null, 8, 8, 3, 16, 1, 2]);
    // The module that declares the constants is written as it is.
    expect(readFileSync(join(dir, 'dist', 'consts.js'), 'utf8')).toContain('export const A = 3;');
  });

  it('fails, with the compiler message, on a type error', () => {
    const dir = project({ 'consts.ts': CONSTS, 'main.ts': `${MAIN}\nexport const wrong: string = A;\n` });
    const r = spawnSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Type 'number' is not assignable to type 'string'");
  });
});

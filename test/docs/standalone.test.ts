/**
 * The repository stands alone: no tracked file points outside it (the files the project was
 * built from, the build machine's paths), every relative Markdown link in the docs resolves to a
 * file of the repository, and every "sources §x" citation names a section that docs/sources.md has.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && !/\.(png|parquet|lock)$/.test(f) && f !== 'package-lock.json' && existsSync(join(root, f)));
const text = (f: string): string => readFileSync(join(root, f), 'utf8');
const self = 'test/docs/standalone.test.ts';

describe('the repository stands alone', () => {
  it('no file points outside the repository', () => {
    // Written split so that this file does not match itself.
    const outside = [['..', '/shared'].join(''), ['DOMAIN', '.md'].join(''), ['BENCH', '.md'].join(''), ['/work', '/'].join(''), ['/root', '/'].join('')];
    const found: string[] = [];
    for (const f of tracked) {
      if (f === self) continue;
      const lines = text(f).split('\n');
      lines.forEach((line, i) => {
        for (const o of outside) if (line.includes(o)) found.push(`${f}:${i + 1}: ${o}`);
      });
    }
    expect(tracked.length).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it('every relative link of the Markdown files resolves to a file of the repository', () => {
    const broken: string[] = [];
    let links = 0;
    for (const f of tracked.filter((x) => x.endsWith('.md'))) {
      for (const m of text(f).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        links++;
        const path = normalize(join(dirname(f), target));
        if (path.startsWith('..') || !existsSync(join(root, path))) broken.push(`${f}: ${target}`);
      }
    }
    expect(links).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it('every "sources §x" citation names a section of docs/sources.md', () => {
    const sources = text('docs/sources.md');
    const sections = new Set([...sources.matchAll(/^#{2,3} ([0-9]+(?:\.[0-9]+)?|[A-Z](?:\.[0-9]+)?)[. ]/gm)].map((m) => m[1]!));
    const missing = new Set<string>();
    let cited = 0;
    for (const f of tracked) {
      for (const m of text(f).matchAll(/sources(?:\.md)? ?§ ?([0-9]+(?:\.[0-9]+)?|[A-Z]\.[0-9]+)/g)) {
        cited++;
        if (!sections.has(m[1]!)) missing.add(`${m[1]} (${f})`);
      }
    }
    expect(sections.size).toBeGreaterThan(30);
    expect(cited).toBeGreaterThan(100);
    expect([...missing]).toEqual([]);
  });
});

/**
 * The shape of the code, checked: imports flow one way (no circle between files, none between
 * folders; the engine imports nothing of ours; nothing but the command line imports it), no file
 * in src/ is longer than 600 lines, and no function is longer than 80 lines unless a
 * `// hot path:` comment directly above it says why (docs/architecture.md, "Rules that keep it
 * fast"). The analysis itself is tested first on small made-up sources, so each check is known to
 * be able to fail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 80;

interface SourceFile {
  /** Path relative to src/, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

function listSources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listSources(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      out.push({ path: relative(SRC, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  }
  return out;
}

/** Relative module specifiers a file imports: static, re-exports, type-only and dynamic imports. */
function importsOf(file: SourceFile): string[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.ES2022, true);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) specs.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specs.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs.filter((s) => s.startsWith('.'));
}

/** The import graph between the given files (edges to files outside the set are dropped). */
function importGraph(files: readonly SourceFile[]): Map<string, string[]> {
  const known = new Set(files.map((f) => f.path));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets: string[] = [];
    for (const spec of importsOf(file)) {
      const joined = join(dirname(file.path), spec).split(sep).join('/');
      const candidates = [joined.replace(/\.js$/, '.ts'), `${joined}.ts`, `${joined}/index.ts`];
      const target = candidates.find((c) => known.has(c));
      if (target !== undefined && target !== file.path && !targets.includes(target)) targets.push(target);
    }
    graph.set(file.path, targets);
  }
  return graph;
}

/** Strongly connected components with more than one node (Tarjan), each sorted. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strong(v);
  return found;
}

/** The folder of a file under src/ (`model/parties/issuer.ts` -> `model`); root files stand alone. */
function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
}

function folderGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const [from, targets] of graph) {
    const a = folderOf(from);
    const list = folders.get(a) ?? [];
    for (const to of targets) {
      const b = folderOf(to);
      if (b !== a && !list.includes(b)) list.push(b);
    }
    folders.set(a, list);
  }
  return folders;
}

interface LongFunction {
  readonly where: string;
  readonly lines: number;
}

/** Functions (declarations, methods, constructors, accessors, arrows, expressions) over the limit. */
function longFunctions(file: SourceFile, limit: number): LongFunction[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.ES2022, true);
  const out: LongFunction[] = [];
  const hotPath = (node: ts.Node): boolean => {
    // The comment may stand above the function itself or above the statement that holds it
    // (`const f = () => ...`, `export function ...`).
    let n: ts.Node | undefined = node;
    for (let depth = 0; n !== undefined && depth < 4; depth++, n = n.parent) {
      const ranges = ts.getLeadingCommentRanges(file.text, n.getFullStart()) ?? [];
      if (ranges.some((r) => /\/\/\s*hot path:/.test(file.text.slice(r.pos, r.end)))) return true;
      if (ts.isStatement(n) || ts.isClassElement(n)) break;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit && !hotPath(node)) {
        const name = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
        out.push({ where: `${file.path}:${start + 1} ${name}`, lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

describe('the analysis finds what it looks for (made-up sources)', () => {
  const made = (path: string, text: string): SourceFile => ({ path, text });

  it('finds a circle through a static, a type-only and a dynamic import, and none without it', () => {
    const files = [
      made('a/x.ts', "import { y } from './y.js';\nexport const x = y;\n"),
      made('a/y.ts', "import type { Z } from '../b/z.js';\nexport const y: Z = 1;\n"),
      made('b/z.ts', "export type Z = number;\nexport async function load() { return import('../a/x.js'); }\n"),
      made('b/w.ts', "export const w = 1;\n"),
    ];
    const graph = importGraph(files);
    expect(circles(graph)).toEqual([['a/x.ts', 'a/y.ts', 'b/z.ts']]);
    expect(circles(folderGraph(graph))).toEqual([['a', 'b']]);
    const broken = importGraph([files[0]!, files[1]!, made('b/z.ts', 'export type Z = number;\n'), files[3]!]);
    expect(circles(broken)).toEqual([]);
    expect(circles(folderGraph(broken))).toEqual([]);
  });

  it('resolves index.ts and extensionless specifiers', () => {
    const graph = importGraph([
      made('m/index.ts', "export * from './n';\n"),
      made('m/n.ts', "import '../m/index.js';\nexport const n = 1;\n"),
      made('root.ts', "export * from './m';\n"),
    ]);
    expect(graph.get('root.ts')).toEqual(['m/index.ts']);
    expect(circles(graph)).toEqual([['m/index.ts', 'm/n.ts']]);
  });

  it('measures functions of every form and honours a hot-path comment', () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = [
      `export function long() {\n${body(80)}\n}`,
      `export function short() {\n${body(78)}\n}`,
      `// hot path: one loop over every purchase, measured\nexport function fast() {\n${body(90)}\n}`,
      `export const arrow = () => {\n${body(85)}\n};`,
      `class K {\n  method() {\n${body(81)}\n  }\n}`,
    ].join('\n');
    const found = longFunctions(made('f.ts', text), MAX_FUNCTION_LINES).map((f) => f.where.replace(/:\d+/, ''));
    expect(found).toEqual(['f.ts long', 'f.ts (anonymous)', 'f.ts method']);
  });
});

describe('the code in src/', () => {
  const files = listSources(SRC);
  const graph = importGraph(files);

  it('has files to look at', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files.some((f) => f.path === 'engine/queue.ts')).toBe(true);
  });

  it('has no import circle between files', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('has no import circle between folders', () => {
    expect(circles(folderGraph(graph))).toEqual([]);
  });

  it('keeps the engine domain-blind and the command line a leaf', () => {
    const engineOut = [...graph].filter(([from]) => folderOf(from) === 'engine').flatMap(([from, to]) => to.filter((t) => folderOf(t) !== 'engine').map((t) => `${from} -> ${t}`));
    expect(engineOut).toEqual([]);
    const intoCli = [...graph].filter(([from]) => !['cli', 'bin'].includes(folderOf(from))).flatMap(([from, to]) => to.filter((t) => folderOf(t) === 'cli').map((t) => `${from} -> ${t}`));
    expect(intoCli).toEqual([]);
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((f) => lineCount(f.text) > MAX_FILE_LINES).map((f) => `${f.path}: ${lineCount(f.text)} lines`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines outside a documented hot path`, () => {
    const long = files.flatMap((f) => longFunctions(f, MAX_FUNCTION_LINES)).map((f) => `${f.where}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});

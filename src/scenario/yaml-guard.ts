/**
 * The guarded half of the load stage: parse YAML text with a bound on nesting depth (checked on
 * the parser's own stack, token by token, before any deep structure is built), then check the
 * parsed document before it becomes JS values: every alias resolves to an anchor before it (and
 * not to a node that contains it), every merge key (`<<`) merges mappings, no key is one of the
 * names that reach JS prototypes (`__proto__`, `constructor`, `prototype`), and aliases do not
 * expand the document beyond a bound (the "billion laughs").
 */

import { Composer, Lexer, Parser, YAMLParseError, isAlias, isMap, isPair, isScalar, isSeq, type Alias, type CST, type Document, type LineCounter, type Node } from 'yaml';
import type { ScenarioErrorCode } from '../diagnostics/codes.js';
import { formatPath } from './errors.js';

/** Deepest nesting allowed, in open mappings, lists and scalars (the shipped scenarios reach 6). */
export const MAX_NESTING_DEPTH = 64;

/** Most values that aliases may add to a document, counted as if every alias were written out. */
export const MAX_ALIAS_VALUES = 100_000;

/** Keys that would reach or shadow JS object prototypes. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A problem of the document, at a character offset of the text. */
export interface DocumentIssue {
  readonly offset: number;
  readonly path: string;
  readonly code: ScenarioErrorCode;
  readonly message: string;
}

/** The parsed document, or the offset where nesting went deeper than `MAX_NESTING_DEPTH`. */
export type GuardedParse = { readonly doc: Document.Parsed } | { readonly tooDeepAt: number };

/** The YAML options of every scenario document. */
const YAML_OPTIONS = { prettyErrors: false, merge: true, uniqueKeys: true } as const;

/**
 * Parses one YAML document as `parseDocument` does, but stops as soon as the parser's stack of
 * open structures is deeper than the bound (deep nesting would otherwise exhaust the call stack
 * of the composer, and take time quadratic in depth).
 */
export function parseGuarded(text: string, lineCounter: LineCounter): GuardedParse {
  let tooDeepAt: number | undefined;
  function* tokens(): Generator<CST.Token> {
    const parser = new Parser(lineCounter.addNewLine);
    lineCounter.addNewLine(0);
    for (const lexeme of new Lexer().lex(text)) {
      const at = parser.offset;
      yield* parser.next(lexeme);
      // stack[0] is the document itself; each open mapping, list or scalar adds one.
      if (parser.stack.length - 1 > MAX_NESTING_DEPTH) {
        tooDeepAt = at;
        return;
      }
    }
    yield* parser.end();
  }
  const composer = new Composer(YAML_OPTIONS);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens(), true, text.length)) {
    if (tooDeepAt !== undefined) break;
    if (doc === undefined) {
      doc = next;
    } else {
      const [start, end] = next.range;
      doc.errors.push(new YAMLParseError([start, end], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  if (tooDeepAt !== undefined) return { tooDeepAt };
  if (doc === undefined) throw new Error('the YAML composer yielded no document');
  return { doc };
}

/** The problems of a parsed document, and where each alias points (for locating paths). */
export interface DocumentCheck {
  readonly issues: DocumentIssue[];
  readonly aliasTargets: ReadonlyMap<Alias, Node>;
}

type Path = (string | number)[];

/** One walk of the document in order, as `yaml` resolves aliases: to the last anchor before them. */
class Walker {
  readonly issues: DocumentIssue[] = [];
  readonly aliasTargets = new Map<Alias, Node>();
  private readonly anchors = new Map<string, Node>();
  private readonly open = new Set<Node>();
  /** Values of each finished node when its aliases are written out. */
  private readonly sizes = new Map<Node, number>();
  private added = 0;
  private bombReported = false;

  private issue(node: { range?: readonly number[] | null } | null | undefined, path: Path, code: ScenarioErrorCode, message: string): void {
    this.issues.push({ offset: node?.range?.[0] ?? 0, path: formatPath(path), code, message });
  }

  /** Visits a node; returns its size with aliases written out. */
  visit(node: unknown, path: Path): number {
    if (isAlias(node)) return this.alias(node, path);
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return 1;
    if (node.anchor !== undefined) this.anchors.set(node.anchor, node);
    let size = 1;
    this.open.add(node);
    if (isMap(node)) {
      for (const pair of node.items) size += this.pair(pair, path);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => (size += this.visit(item, [...path, i])));
    }
    this.open.delete(node);
    this.sizes.set(node, size);
    return size;
  }

  private pair(pair: unknown, path: Path): number {
    if (!isPair(pair)) return 1;
    const key = pair.key;
    const name = isScalar(key) && typeof key.value !== 'symbol' ? String(key.value) : undefined;
    if (name !== undefined && RESERVED_KEYS.has(name)) {
      this.issue(key as Node, [...path, name], 'reserved_key', `the key '${name}' is not allowed (it names a property of every JS object); rename it`);
    }
    const merge = isScalar(key) && typeof key.value === 'symbol';
    const childPath = name === undefined ? path : [...path, name];
    const size = this.visit(key, path) + this.visit(pair.value, childPath);
    if (merge) this.checkMerge(key, pair.value, path);
    return size;
  }

  private alias(node: Alias, path: Path): number {
    const target = this.anchors.get(node.source);
    if (target === undefined) {
      this.issue(node, path, 'yaml_syntax', `invalid YAML: the alias *${node.source} has no anchor &${node.source} before it`);
      return 1;
    }
    this.aliasTargets.set(node, target);
    if (this.open.has(target)) {
      this.issue(node, path, 'yaml_syntax', `invalid YAML: the alias *${node.source} is inside the value it names (&${node.source}); a value cannot contain itself`);
      return 1;
    }
    const size = this.sizes.get(target) ?? 1;
    this.added += size - 1;
    if (this.added > MAX_ALIAS_VALUES && !this.bombReported) {
      this.bombReported = true;
      this.issue(
        node,
        path,
        'alias_limit',
        `with this alias (*${node.source}) the aliases of the file stand for more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values; aliases may share settings, not multiply them`,
      );
    }
    return size;
  }

  private target(node: unknown): unknown {
    return isAlias(node) ? this.aliasTargets.get(node) : node;
  }

  private checkMerge(key: unknown, value: unknown, path: Path): void {
    const source = this.target(value);
    if (isAlias(value) && source === undefined) return; // the alias is reported already
    if (isMap(source)) return;
    if (!isSeq(source)) {
      this.issue(key as Node, path, 'yaml_syntax', 'invalid YAML: a merge key (<<) must be given a mapping, an alias of one (<<: *base) or a list of them');
      return;
    }
    for (const item of source.items) {
      const merged = this.target(item);
      if (isAlias(item) && merged === undefined) continue;
      if (!isMap(merged)) this.issue((isAlias(item) ? item : merged) as Node, path, 'yaml_syntax', 'invalid YAML: each entry of a merge list (<<: [*a, *b]) must be a mapping or an alias of one');
    }
  }
}

/** Checks a parsed document (its nesting is bounded already, so the walk may recurse). */
export function checkDocument(doc: Document.Parsed): DocumentCheck {
  const walker = new Walker();
  walker.visit(doc.contents, []);
  return { issues: walker.issues, aliasTargets: walker.aliasTargets };
}

/**
 * The grid of `sim sweep`: each `--grid path=[v1,v2,...]` is an axis, a scenario path and a YAML
 * list of values; the points are the cartesian product of the axes, the first axis varying
 * slowest (as nested loops in the order given). A point is a list of `--set` overrides.
 */
import { isSeq, parseDocument } from 'yaml';
import { splitOverride } from '../scenario/index.js';

/** One axis: the path as given, and each value as its YAML text (so `1e6` stays `1e6`). */
export interface GridAxis {
  readonly key: string;
  readonly values: readonly string[];
}

/** One point of the grid: its number (1-based, in grid order), its value on each axis and its overrides. */
export interface GridPoint {
  readonly id: number;
  readonly values: readonly string[];
  readonly set: readonly string[];
}

/** A `--grid` that cannot be read: one line naming it (exit 2). */
export class GridError extends Error {
  override readonly name = 'GridError';
}

/** The most points a sweep may have. */
export const MAX_GRID_POINTS = 10_000;

const EXAMPLE = "such as --grid 'cards.count=[1e6,2e6]'";

/** Reads one `--grid path=[v1,v2,...]`. */
export function parseAxis(text: string): GridAxis {
  const split = splitOverride(text);
  if (split === undefined) throw new GridError(`--grid ${text}: expected path=[value,value,...], ${EXAMPLE}`);
  const valueText = split.valueText.trim();
  const doc = parseDocument(valueText, { prettyErrors: false, uniqueKeys: true });
  const list = doc.contents;
  if (doc.errors.length > 0) throw new GridError(`--grid ${text}: the values are not YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (!isSeq(list) || list.flow !== true) throw new GridError(`--grid ${text}: expected a list of values in brackets after '=', ${EXAMPLE}`);
  if (list.items.length === 0) throw new GridError(`--grid ${text}: the list is empty; give at least one value`);
  const values = list.items.map((item) => {
    const range = (item as { range?: readonly number[] | null }).range;
    return range ? valueText.slice(range[0], range[1]).trim() : String(item);
  });
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) throw new GridError(`--grid ${text}: ${twice} is given twice`);
  return { key: split.pathText.trim(), values };
}

/** Reads every `--grid` and checks that no path is swept twice and that the grid is not too large. */
export function parseGrid(texts: readonly string[]): GridAxis[] {
  if (texts.length === 0) throw new GridError(`give at least one --grid, ${EXAMPLE}`);
  const axes = texts.map(parseAxis);
  const twice = axes.find((a, i) => axes.findIndex((b) => b.key === a.key) !== i);
  if (twice !== undefined) throw new GridError(`--grid ${twice.key}: the path is swept twice; give all its values in one list`);
  const points = axes.reduce((n, a) => n * a.values.length, 1);
  if (points > MAX_GRID_POINTS) throw new GridError(`the grid has ${points.toLocaleString('en-US')} points; at most ${MAX_GRID_POINTS.toLocaleString('en-US')} are allowed`);
  return axes;
}

/** The points of the grid in grid order: the first axis varies slowest. */
export function gridPoints(axes: readonly GridAxis[]): GridPoint[] {
  let combos: string[][] = [[]];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((v) => [...c, v]));
  return combos.map((values, i) => ({ id: i + 1, values, set: values.map((v, k) => `${axes[k]!.key}=${v}`) }));
}

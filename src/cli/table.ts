/**
 * Aligned tables for the terminal: the first column left-aligned (labels), the others
 * right-aligned (numbers), two spaces between columns, widths measured on the visible text (the
 * escapes of colours are not counted). And the number formats the tables share, one per kind of
 * value, so that a column never mixes decimals.
 */

const ESCAPES = /\x1B\[[0-9;]*m/g;

/** The width of `s` on screen: without colour escapes. */
export function visibleLength(s: string): number {
  return s.replace(ESCAPES, '').length;
}

/** The rows as lines, each column as wide as its widest cell; `indent` before each line. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, j) => Math.max(0, ...rows.map((r) => visibleLength(r[j] ?? ''))));
  return rows.map((r) => {
    const cells = widths.map((w, j) => {
      const cell = r[j] ?? '';
      const pad = ' '.repeat(w - visibleLength(cell));
      return j === 0 ? cell + pad : pad + cell;
    });
    return `${indent}${cells.join('  ')}`.trimEnd();
  });
}

/** A number with thousands separators and exactly `decimals` decimals (`-0` shown as `0`). */
export function grouped(x: number, decimals: number): string {
  const v = Object.is(Math.round(x * 10 ** decimals), -0) ? 0 : x;
  return v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

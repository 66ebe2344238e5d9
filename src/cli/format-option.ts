import { InvalidArgumentError } from 'commander';
import { parseFormats } from '../output/parquet.js';

/** `sim run --format`: the tables to write as Parquet (csv, parquet, or table=format items). */
export function parseFormatOption(v: string): readonly string[] {
  const parsed = parseFormats(v);
  if (typeof parsed === 'string') throw new InvalidArgumentError(parsed);
  return parsed;
}

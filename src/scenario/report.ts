/**
 * The report every stage of the scenario pipeline writes to: errors and warnings, each located
 * at the line and column of the offending node, returned without duplicates and sorted by place.
 */

import { compareScenarioErrors, formatPath, type ScenarioError, type ScenarioErrorCode, type ScenarioPath } from './errors.js';
import { positionOf, type LoadedDocument } from './load.js';

type Path = ScenarioPath;

/** Collects the errors and warnings of one scenario document. */
export class Reporter {
  private readonly errors: ScenarioError[] = [];
  private readonly warnings: ScenarioError[] = [];

  constructor(private readonly loaded: LoadedDocument) {}

  /**
   * Records an error at `path`. The position is that of the value at `path` (or of its key when
   * `at` is 'key'); `positionPath` points elsewhere (the parent mapping of a missing key).
   */
  add(path: Path, code: ScenarioErrorCode, message: string, at: 'value' | 'key' = 'value', positionPath?: Path): void {
    const { line, column } = positionOf(this.loaded, positionPath ?? path, at);
    this.errors.push({ file: this.loaded.file, line, column, path: formatPath(path), code, message });
  }

  /** Records a warning: a problem that does not stop the run (located like an error). */
  warn(path: Path, code: ScenarioErrorCode, message: string, at: 'value' | 'key' = 'value'): void {
    const { line, column } = positionOf(this.loaded, path, at);
    this.warnings.push({ file: this.loaded.file, line, column, path: formatPath(path), code, message });
  }

  /** Records an error in a command-line override (no place in the file). */
  override(option: string, message: string): void {
    this.errors.push({ file: this.loaded.file, line: 0, column: 0, path: option, code: 'invalid_override', message });
  }

  /** The errors without duplicates, by line then column. */
  sorted(): ScenarioError[] {
    return Reporter.unique(this.errors);
  }

  /** The warnings without duplicates, by line then column. */
  sortedWarnings(): ScenarioError[] {
    return Reporter.unique(this.warnings);
  }

  private static unique(list: readonly ScenarioError[]): ScenarioError[] {
    const seen = new Set<string>();
    const out: ScenarioError[] = [];
    for (const e of list) {
      const key = `${e.line}:${e.column}:${e.path}:${e.code}:${e.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
    return out.sort(compareScenarioErrors);
  }
}

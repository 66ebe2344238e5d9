/** Where the CLI writes: injectable so tests can capture it. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal (progress bar) . */
  readonly errIsTty: boolean;
  /** Colour on or off (NO_COLOR, a non-terminal stdout). */
  readonly color: boolean;
  readonly errStream?: NodeJS.WritableStream;
}

export function processIo(): Io {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    errIsTty: process.stderr.isTTY === true,
    color: !noColor && process.stdout.isTTY === true,
    errStream: process.stderr,
  };
}

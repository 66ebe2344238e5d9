import type { Io } from '../../src/cli/io.js';

/** An Io that captures what the CLI writes, with colour off. */
export function captureIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    errIsTty: false,
    color: false,
    stdout: () => out,
    stderr: () => err,
  };
}

/**
 * The first checks of the load stage, on the bytes of a scenario file before any parsing: its size
 * against the limit, and its encoding (UTF-8 only; a UTF-8 byte order mark is accepted and
 * ignored; UTF-16 and UTF-32 are named as such; an invalid UTF-8 sequence or a control character
 * is reported at its line and column).
 */

import { isUtf8 } from 'node:buffer';

/** Default largest scenario file, in bytes (4 MiB): the largest shipped scenario is 100 times smaller. */
export const DEFAULT_MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

/** The environment variable that raises (or lowers) the size limit, in bytes (`8388608`, `8M`). */
export const MAX_BYTES_ENV = 'QUARTET_MAX_SCENARIO_BYTES';

/** A problem with the bytes, at a 1-based line and column (0:0 for the whole file). */
export interface ByteProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * The size limit from `QUARTET_MAX_SCENARIO_BYTES` (a whole number of bytes, optionally with a
 * binary suffix K, M or G), the default when it is unset or empty; a string saying what is wrong
 * when it is set to anything else.
 */
export function maxBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number | string {
  const raw = env[MAX_BYTES_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_SCENARIO_BYTES;
  const m = /^\s*(\d{1,15})\s*([kKmMgG]?)\s*$/.exec(raw);
  const bytes = m === null ? NaN : Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? NaN);
  if (!Number.isSafeInteger(bytes) || bytes < 1) return `expected a positive whole number of bytes such as 8388608 or 8M; got '${raw}'`;
  return bytes;
}

/** `4 MiB (4,194,304 bytes)`, `1,500 bytes`. */
export function describeBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024 * 1024) return exact;
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB (${exact})`;
}

/** The message of a file over the limit (`size` undefined: a stream that went on past it). */
export function tooLargeMessage(size: number | undefined, limit: number): string {
  const what = size === undefined ? `more than ${describeBytes(limit)}` : describeBytes(size);
  return `the scenario file is ${what}, above the limit of ${describeBytes(limit)}; set ${MAX_BYTES_ENV} (bytes, e.g. 16M) to allow a larger file`;
}

/** Names a UTF-16 or UTF-32 file by its byte order mark or its pattern of NUL bytes. */
function wideEncoding(b: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return 'UTF-32 (little-endian, with a byte order mark)';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 (big-endian, with a byte order mark)';
  if (b0 === 0xff && b1 === 0xfe) return 'UTF-16 (little-endian, with a byte order mark)';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 (big-endian, with a byte order mark)';
  if (b.length >= 4 && b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return 'UTF-32 (little-endian, no byte order mark)';
  if (b.length >= 4 && b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return 'UTF-32 (big-endian, no byte order mark)';
  if (b.length >= 2 && b0 !== 0 && b1 === 0) return 'UTF-16 (little-endian, no byte order mark)';
  if (b.length >= 2 && b0 === 0 && b1 !== 0) return 'UTF-16 (big-endian, no byte order mark)';
  return undefined;
}

/** The length of the valid UTF-8 sequence at `i` (1 to 4), or 0 when the bytes there are not one. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    // No overlong forms (E0 A0..), no UTF-16 surrogates (ED 80..9F).
    const ok = cont(1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(2);
    return ok ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    // No overlong forms (F0 90..), nothing above U+10FFFF (F4 80..8F).
    const ok = cont(1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3);
    return ok ? 4 : 0;
  }
  return 0;
}

/** Whether a byte is a control character YAML does not allow in a file (tab, LF and CR are allowed). */
function isBadControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
}

/** The 1-based line and column (in UTF-16 code units, as the YAML positions) of byte `offset`. */
function positionOfByte(b: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Buffer.from(b.subarray(lineStart, offset)).toString('utf8').length + 1 };
}

function hex(b: Uint8Array, at: number, count: number): string {
  return Array.from(b.subarray(at, at + count), (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** The first invalid UTF-8 sequence or forbidden control character, if any. */
function firstBadByte(b: Uint8Array): ByteProblem | undefined {
  const valid = isUtf8(b);
  for (let i = 0; i < b.length; ) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      if (isBadControl(c)) {
        const name = c === 0 ? 'a NUL byte' : `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
        return { ...positionOfByte(b, i), message: `${name}; a scenario is a text file (UTF-8, control characters other than tab and line ends are not allowed)` };
      }
      i++;
      continue;
    }
    if (valid) {
      i++;
      continue;
    }
    const n = sequenceLength(b, i);
    if (n === 0) {
      return { ...positionOfByte(b, i), message: `invalid UTF-8 (byte ${hex(b, i, 1)}${i + 1 < b.length ? `, then ${hex(b, i + 1, 3)}` : ''}); save the file as UTF-8` };
    }
    i += n;
  }
  return undefined;
}

/** The text of a scenario file, or the problem with its bytes. A UTF-8 byte order mark is dropped. */
export function decodeScenarioBytes(bytes: Uint8Array): { text: string } | { problem: ByteProblem } {
  const wide = wideEncoding(bytes);
  if (wide !== undefined) return { problem: { line: 0, column: 0, message: `the file is ${wide}; a scenario must be UTF-8` } };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const problem = firstBadByte(body);
  if (problem !== undefined) return { problem };
  return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') };
}

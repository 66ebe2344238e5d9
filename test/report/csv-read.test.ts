/** The report's streamed CSV reader: quoting across chunk boundaries, line numbers, the size limit of transactions.csv. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streamRecords } from '../../src/report/csv-read.js';
import { localMs, readChannels } from '../../src/report/tables.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-csv-read-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function records(text: string): [string[], number][] {
  const p = join(work, 'f.csv');
  writeFileSync(p, text);
  const out: [string[], number][] = [];
  streamRecords(p, (cells, line) => out.push([cells, line]));
  return out;
}

describe('streamRecords', () => {
  it('reads quoted commas, doubled quotes and line ends inside quotes, with the line each record starts on', () => {
    expect(records('a,b\n"x, y","say ""hi"""\n"two\nlines",3\r\nlast,\n')).toEqual([
      [['a', 'b'], 1],
      [['x, y', 'say "hi"'], 2],
      [['two\nlines', '3'], 3],
      [['last', ''], 5],
    ]);
    expect(records('a"b,c\n')).toEqual([[['a"b', 'c'], 1]]);
  });

  it('reads a doubled quote and a multi-byte character split across the 1 MiB chunk boundary', () => {
    const chunk = 1 << 20;
    // "h\n" then a quoted field whose doubled quote has its first '"' as the chunk's last byte.
    const quoted = 'p'.repeat(chunk - 4);
    expect(records(`h\n"${quoted}""q"\n`)[1]).toEqual([[`${quoted}"q`], 2]);
    // "h\n" then a field whose 2-byte 'é' starts on the chunk's last byte.
    const plain = 'p'.repeat(chunk - 3);
    expect(records(`h\n${plain}éq\n`)[1]).toEqual([[`${plain}éq`], 2]);
  });
});

describe('the tables', () => {
  it('reads a time as its local wall clock, whatever its offset', () => {
    expect(localMs('2018-12-20T18:00:00.000+03:00', 'x')).toBe(Date.UTC(2018, 11, 20, 18));
    expect(localMs('2018-12-21', 'x')).toBe(Date.UTC(2018, 11, 21));
    expect(() => localMs('yesterday', 'f.csv:3')).toThrow("f.csv:3: expected a time such as 2018-12-20T18:00:00.000+03:00, got 'yesterday'");
  });

  it('counts channels of transactions.csv under the size limit, and skips a larger file unread', () => {
    const p = join(work, 'transactions.csv');
    writeFileSync(p, 'channel,outcome\nqr,approved\nchip,declined\nqr,approved\n');
    expect(readChannels(p)).toEqual({ kind: 'counted', channels: [{ channel: 'qr', purchases: 2, approved: 2 }, { channel: 'chip', purchases: 1, approved: 0 }] });
    expect(readChannels(p, 10)).toEqual({ kind: 'skipped', bytes: 54 });
  });
});

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The row count of a Parquet file from its footer, without DuckDB (the check of a run directory
 * is synchronous). The footer is the file's FileMetaData in Thrift's compact protocol, then its
 * length (4 bytes, little-endian) and `PAR1`; num_rows is field 3 (i64) of FileMetaData. Fields
 * before it (the version and the schema) are skipped by their wire types.
 */
export function parquetRows(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(8);
    if (size < 12 || readSync(fd, tail, 0, 8, size - 8) !== 8 || tail.toString('latin1', 4) !== 'PAR1') throw new ParquetFooterError(path, 'not a Parquet file');
    const len = tail.readUInt32LE(0);
    if (len > size - 12) throw new ParquetFooterError(path, 'footer length out of range');
    const footer = Buffer.alloc(len);
    readSync(fd, footer, 0, len, size - 8 - len);
    const rows = new CompactReader(footer).numRows();
    if (rows === undefined) throw new ParquetFooterError(path, 'footer has no row count');
    return rows;
  } finally {
    closeSync(fd);
  }
}

/** parquetRows, or -1 for a file whose footer cannot be read (a damaged file, for `sim verify` to report). */
export function parquetRowsOrMinusOne(path: string): number {
  try {
    return parquetRows(path);
  } catch {
    return -1;
  }
}

export class ParquetFooterError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
  }
}

// Thrift compact protocol wire types.
const [T_TRUE, T_FALSE, T_BYTE, T_I16, T_I32, T_I64, T_DOUBLE, T_BINARY, T_LIST, T_SET, T_MAP, T_STRUCT] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

class CompactReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  /** Field 3 of the top-level struct, or undefined if the struct ends first. */
  numRows(): number | undefined {
    let id = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) return undefined;
      const type = h & 0x0f;
      id = h >> 4 === 0 ? this.zigzag() : id + (h >> 4);
      if (id === 3 && type === T_I64) return this.zigzag();
      this.skip(type);
    }
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new Error('Parquet footer ends early');
    return this.buf[this.pos++]!;
  }

  private varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return v;
      scale *= 128;
    }
  }

  private zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  private skip(type: number): void {
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        return;
      case T_BYTE:
        this.pos += 1;
        return;
      case T_I16:
      case T_I32:
      case T_I64:
        this.varint();
        return;
      case T_DOUBLE:
        this.pos += 8;
        return;
      case T_BINARY: {
        const n = this.varint(); // read first: `pos += varint()` would add to the old pos
        this.pos += n;
        return;
      }
      case T_LIST:
      case T_SET:
        return this.skipList();
      case T_MAP:
        return this.skipMap();
      case T_STRUCT:
        return this.skipStruct();
      default:
        throw new Error(`Parquet footer: unknown Thrift type ${type}`);
    }
  }

  private skipList(): void {
    const h = this.byte();
    const n = h >> 4 === 15 ? this.varint() : h >> 4;
    const elem = h & 0x0f;
    for (let i = 0; i < n; i++) this.skipElement(elem);
  }

  /** An element of a list, set or map: a boolean there is a byte of its own. */
  private skipElement(type: number): void {
    if (type === T_TRUE || type === T_FALSE) this.pos += 1;
    else this.skip(type);
  }

  private skipMap(): void {
    const n = this.varint();
    if (n === 0) return;
    const kv = this.byte();
    for (let i = 0; i < n; i++) {
      this.skipElement(kv >> 4);
      this.skipElement(kv & 0x0f);
    }
  }

  private skipStruct(): void {
    for (;;) {
      const h = this.byte();
      if (h === 0) return;
      if (h >> 4 === 0) this.zigzag();
      this.skip(h & 0x0f);
    }
  }
}

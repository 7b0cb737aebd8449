import { crc32 } from 'node:zlib';

/**
 * The checksum each journal row carries over its JSON text, so a row that was garbled or torn
 * after SQLite wrote it (a disk, a copy, a hand edit) is caught at replay instead of being applied.
 * CRC32 (node:zlib, Node ≥ 20.15) detects every burst error up to 32 bits and costs about a
 * microsecond per row; it is no defence against a deliberate forgery, which is not the threat here.
 */
export function rowChecksum(body: string): number {
  return crc32(body);
}

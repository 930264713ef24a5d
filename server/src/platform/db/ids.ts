import { randomFillSync } from 'node:crypto';

// Keys made in time order land on the last pages of their indexes: a batch of inserts dirties a few
// pages instead of one page per row (random keys), which is what a write-heavy table pays in WAL and
// checkpoint bytes on SQLite and in full-page writes on PostgreSQL (docs/adr/0012).

const random = Buffer.alloc(4096);
let offset = random.length;

function randomBytes(n: number): Buffer {
  if (offset + n > random.length) {
    randomFillSync(random);
    offset = 0;
  }
  const bytes = random.subarray(offset, offset + n);
  offset += n;
  return bytes;
}

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit sequence that keeps the ids
 * of one process ordered within a millisecond, then 62 random bits.
 */
export function uuidv7(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    sequence++;
    if (sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = randomBytes(1)[0]! & 0x7f;
  }
  const tail = randomBytes(8);
  const hex =
    ms.toString(16).padStart(12, '0') +
    (0x7000 | sequence).toString(16) +
    ((tail[0]! & 0x3f) | 0x80).toString(16).padStart(2, '0') +
    tail.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The platform's short ids (24 hex digits), time-ordered: 12 digits of Unix milliseconds, 12 random. */
export function timeOrderedHexId(): string {
  return Date.now().toString(16).padStart(12, '0') + randomBytes(6).toString('hex');
}

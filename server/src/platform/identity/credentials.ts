import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm) with its default cost: ~20 ms a hash on this machine.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** A hash that matches no password, verified for unknown usernames so timing does not tell them apart. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** Password policy: at least 10 characters with letters and digits. */
export function isStrongPassword(password: string): boolean {
  return password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomId(): string {
  return randomBytes(12).toString('hex');
}

/** Tokens and API-key secrets are random and long, so a fast hash is enough to store them. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** API keys read `jgk_<id>.<secret>`: the id finds the row, the secret proves possession. */
export function formatApiKey(id: string, secret: string): string {
  return `jgk_${id}.${secret}`;
}

export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const match = /^jgk_([0-9a-f]{24})\.([\w-]{20,100})$/.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

import { createHmac } from 'node:crypto';
import type { SamplingResult, SubjectKind } from './risk.types.ts';

/** A sampling seed: the HMAC key behind every draw made while it was current. */
export interface SamplingSeed {
  id: string;
  secret: string;
}

const PLACES = 12;
const SCALE = 10n ** BigInt(PLACES);

/**
 * The random-inspection draw (随机布控) for a subject: HMAC-SHA256 of `kind:id` under the seed,
 * its first 48 bits read as a fraction of 2^48 and cut (not rounded) to 12 places. It depends on
 * nothing else, so an auditor with the seed recomputes it, and re-submitting the same declaration
 * cannot fish for a better draw. Integer arithmetic keeps it exact and fast on the hot path.
 */
export function samplingDraw(secret: string, kind: SubjectKind, subjectId: string): string {
  return formatUnits(drawUnits(secret, kind, subjectId));
}

/** Draws for a subject and samples it when the draw falls under the rate (a rate of 1 always samples). */
export function sample(
  seed: SamplingSeed,
  kind: SubjectKind,
  subjectId: string,
  rate: string,
): SamplingResult {
  const units = drawUnits(seed.secret, kind, subjectId);
  return { seedId: seed.id, draw: formatUnits(units), rate, sampled: units < rateUnits(rate) };
}

function drawUnits(secret: string, kind: SubjectKind, subjectId: string): bigint {
  const digest = createHmac('sha256', secret).update(`${kind}:${subjectId}`).digest();
  return (BigInt(digest.readUIntBE(0, 6)) * SCALE) >> 48n;
}

function formatUnits(units: bigint): string {
  return `0.${units.toString().padStart(PLACES, '0')}`;
}

/** A rate in [0, 1] with at most 12 places (the subject schema's limit) as millionths of millionths. */
function rateUnits(rate: string): bigint {
  const [whole = '0', fraction = ''] = rate.split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.slice(0, PLACES).padEnd(PLACES, '0'));
}

import type { Channel, FiredRule, RiskSubject, SamplingResult } from './risk.types.ts';
import { mostSevere } from './risk.types.ts';
import { type CompiledPack, evaluatePack } from './rule-evaluation.rules.ts';
import { type SamplingSeed, sample } from './sampling.rules.ts';

export interface Judgement {
  channel: Channel;
  firedRules: FiredRule[];
  sampling: SamplingResult;
}

/**
 * The channel of a subject: the most severe rule that fires in any pack in force, and red when
 * the random sample picks it (随机布控 sends to inspection whatever the rules say).
 */
export function judge(subject: RiskSubject, packs: readonly CompiledPack[], seed: SamplingSeed): Judgement {
  const firedRules = packs.flatMap((pack) => evaluatePack(pack, subject));
  const sampling = sample(seed, subject.kind, subject.id, subject.targetInspectionRate);
  const channel = mostSevere([
    ...firedRules.map((r) => r.channel),
    ...(sampling.sampled ? ['red' as const] : []),
  ]);
  return { channel, firedRules, sampling };
}

/** What a past decision would have been had `draft` replaced its pack: other packs and sampling as recorded. */
export function rejudge(
  past: { firedRules: readonly FiredRule[]; sampled: boolean; subject: RiskSubject },
  draft: CompiledPack,
): { channel: Channel; firedRules: FiredRule[] } {
  const kept = past.firedRules.filter((rule) => rule.pack !== draft.pack);
  const firedRules = [...kept, ...evaluatePack(draft, past.subject)];
  const channel = mostSevere([
    ...firedRules.map((r) => r.channel),
    ...(past.sampled ? ['red' as const] : []),
  ]);
  return { channel, firedRules };
}

export interface TryoutExample {
  decisionId: string;
  subjectKind: string;
  subjectId: string;
  from: Channel;
  to: Channel;
  /** Rules of the draft that fire now. */
  draftRules: string[];
}

export interface TryoutSummary {
  decisions: number;
  changed: number;
  transitions: { from: Channel; to: Channel; count: number }[];
  examples: TryoutExample[];
}

/** Counts channel changes by from→to and keeps the first few examples of each. */
export class TryoutTally {
  private decisions = 0;
  private readonly counts = new Map<string, number>();
  private readonly examples: TryoutExample[] = [];

  constructor(private readonly examplesPerTransition = 5) {}

  add(example: TryoutExample): void {
    this.decisions++;
    if (example.from === example.to) return;
    const key = `${example.from}>${example.to}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count <= this.examplesPerTransition) this.examples.push(example);
  }

  summary(): TryoutSummary {
    const transitions = [...this.counts.entries()]
      .map(([key, count]) => {
        const [from, to] = key.split('>') as [Channel, Channel];
        return { from, to, count };
      })
      .sort((a, b) => b.count - a.count || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`));
    const changed = transitions.reduce((sum, t) => sum + t.count, 0);
    return { decisions: this.decisions, changed, transitions, examples: this.examples };
  }
}

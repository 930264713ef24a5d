import { type Database, type Executor, timeOrderedHexId } from '../../platform/db/index.ts';
import { type Issue, invalid, notFound } from '../../platform/errors/index.ts';
import { type Actor, canSee, type DistrictTree, type Policy } from '../../platform/identity/index.ts';
import { judge } from './decision.rules.ts';
import type { PackCache } from './pack-cache.ts';
import { type DecisionRow, riskRepository } from './risk.repository.ts';
import { RiskSubjectSchema } from './risk.schemas.ts';
import type { Channel, FiredRule, RiskDecision, RiskSubject, SubjectKind } from './risk.types.ts';
import { samplingDraw } from './sampling.rules.ts';

/** A stored decision with the subject exactly as it was assessed. */
export interface RiskDecisionDetail extends RiskDecision {
  subject: RiskSubject;
}

export interface SamplingCheck {
  seedId: string;
  recordedDraw: string;
  recomputedDraw: string;
  rate: string;
  sampled: boolean;
  matches: boolean;
}

/** Assessment: subjects in, channels out, each decision stored with its explanation. */
export class AssessmentService {
  constructor(
    private readonly db: Database,
    private readonly cache: PackCache,
    private readonly policy: Policy,
    private readonly districts: DistrictTree,
    private readonly now: () => Date,
  ) {}

  /** Assesses one subject and stores the decision, in `tx` when given. */
  async assess(subject: RiskSubject, tx?: Executor): Promise<RiskDecision> {
    const [decision] = await this.assessMany([subject], tx);
    return decision!;
  }

  /**
   * Assesses many subjects against the packs in force now and stores every decision with one bulk
   * write: the e-commerce hot path. Any invalid subject refuses the whole batch, every issue listed.
   */
  async assessMany(subjects: readonly RiskSubject[], tx?: Executor): Promise<RiskDecision[]> {
    const issues = subjects.flatMap((subject, index) =>
      subjectIssues(subject, subjects.length > 1 ? index : undefined),
    );
    if (issues.length > 0) throw invalid('RISK.INVALID_SUBJECT', issues);
    if (subjects.length === 0) return [];
    const run = async (executor: Executor) => {
      const snapshot = await this.cache.get(executor);
      const assessedAt = this.now().toISOString();
      const packs = snapshot.inForce(assessedAt);
      const packRefs = packs.map((p) => ({ pack: p.pack, version: p.version }));
      const decisions = subjects.map((subject): RiskDecision => {
        const { channel, firedRules, sampling } = judge(subject, packs, snapshot.seed);
        return {
          id: timeOrderedHexId(),
          subjectKind: subject.kind,
          subjectId: subject.id,
          district: subject.district,
          enterpriseCode: subject.enterpriseCode,
          channel,
          packs: packRefs,
          firedRules,
          sampling,
          assessedAt,
        };
      });
      const rows = decisions.map((d, i) => toRow(d, subjects[i]!));
      await riskRepository.insertDecisions(this.db, executor, rows);
      return decisions;
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  /** The stored decision, for the modules that asked for it; RISK.DECISION_NOT_FOUND on a miss. */
  async getDecision(id: string): Promise<RiskDecisionDetail> {
    const row = await riskRepository.findDecision(this.db.kysely, id);
    if (!row) throw notFound('RISK.DECISION_NOT_FOUND');
    return toDecision(row);
  }

  /** The stored decision as an officer sees it: 404 outside their district's subtree. */
  async getDecisionFor(actor: Actor, id: string): Promise<RiskDecisionDetail> {
    this.policy.require(actor, 'risk.decisions.read');
    const decision = await this.getDecision(id);
    if (
      !canSee(actor, { district: decision.district, enterpriseCode: decision.enterpriseCode }, this.districts)
    )
      throw notFound('RISK.DECISION_NOT_FOUND');
    return decision;
  }

  /** Recomputes a decision's sampling draw from the seed it names, for an auditor to compare. */
  async checkSampling(actor: Actor, id: string): Promise<SamplingCheck> {
    const decision = await this.getDecisionFor(actor, id);
    const seed = await riskRepository.findSeed(this.db.kysely, decision.sampling.seedId);
    const recomputedDraw = seed ? samplingDraw(seed.secret, decision.subjectKind, decision.subjectId) : '';
    const { seedId, draw, rate, sampled } = decision.sampling;
    return { seedId, recordedDraw: draw, recomputedDraw, rate, sampled, matches: recomputedDraw === draw };
  }
}

function subjectIssues(subject: unknown, index: number | undefined): Issue[] {
  const parsed = RiskSubjectSchema.safeParse(subject);
  if (parsed.success) return [];
  const root = index === undefined ? 'subject' : `subjects[${index}]`;
  return parsed.error.issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : `${acc}.${String(s)}`),
      root,
    ),
    rule: issue.code === 'invalid_type' ? 'type' : 'invalid',
    params: issue.code === 'invalid_type' ? { expected: issue.expected } : { reason: issue.message },
  }));
}

function toRow(decision: RiskDecision, subject: RiskSubject): DecisionRow {
  return {
    id: decision.id,
    subject_kind: decision.subjectKind,
    subject_id: decision.subjectId,
    district: decision.district,
    enterprise_code: decision.enterpriseCode,
    channel: decision.channel,
    assessed_at: decision.assessedAt,
    packs: JSON.stringify(decision.packs),
    fired: JSON.stringify(decision.firedRules),
    seed_id: decision.sampling.seedId,
    draw: decision.sampling.draw,
    rate: decision.sampling.rate,
    sampled: decision.sampling.sampled ? 1 : 0,
    subject: JSON.stringify(subject),
  };
}

export function toDecision(row: DecisionRow): RiskDecisionDetail {
  return {
    id: row.id,
    subjectKind: row.subject_kind as SubjectKind,
    subjectId: row.subject_id,
    district: row.district,
    enterpriseCode: row.enterprise_code,
    channel: row.channel as Channel,
    packs: JSON.parse(row.packs),
    firedRules: JSON.parse(row.fired) as FiredRule[],
    // NUMERIC comes back normalised on PostgreSQL; the draw is fixed at 12 places by definition.
    sampling: {
      seedId: row.seed_id,
      draw: fixed12(row.draw),
      rate: String(row.rate),
      sampled: Number(row.sampled) === 1,
    },
    assessedAt: row.assessed_at,
    subject: JSON.parse(row.subject) as RiskSubject,
  };
}

function fixed12(draw: string): string {
  const [whole, fraction = ''] = String(draw).split('.');
  return `${whole}.${fraction.padEnd(12, '0')}`;
}

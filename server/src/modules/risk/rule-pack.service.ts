import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors/index.ts';
import { type Actor, actorLabel, type Policy } from '../../platform/identity/index.ts';
import { toDecision } from './assessment.service.ts';
import { rejudge, type TryoutSummary, TryoutTally } from './decision.rules.ts';
import type { PackCache } from './pack-cache.ts';
import { type PackRow, riskRepository, type VersionRow, type VersionSummary } from './risk.repository.ts';
import { compilePack } from './rule-evaluation.rules.ts';
import { asRules, validateRules } from './rule-validation.rules.ts';

export interface PackVersionSummary {
  pack: string;
  version: number;
  status: 'draft' | 'active';
  note: string;
  ruleCount: number;
  createdAt: string;
  createdBy: string;
  effectiveFrom: string | null;
  activatedAt: string | null;
  activatedBy: string | null;
}
export interface PackVersion extends PackVersionSummary {
  rules: unknown[];
}
export interface Pack {
  code: string;
  nameZh: string;
  nameEn: string;
  versions: PackVersionSummary[];
}
export interface TryoutResult extends TryoutSummary {
  pack: string;
  version: number;
  from: string;
  to: string;
}

const READ = 'risk.rules.read';
const MANAGE = 'risk.rules.manage';
const PAGE = 2000;
const DAY_MS = 86_400_000;
// A client clock a little behind ours should not be refused as "rewriting history".
const PAST_GRACE_MS = 60_000;

/** Rule packs for risk analysts: drafts, validation, tryouts against past decisions, activation. */
export class RulePackService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly policy: Policy,
    private readonly cache: PackCache,
    private readonly now: () => Date,
  ) {}

  async listPacks(actor: Actor): Promise<Pack[]> {
    this.policy.require(actor, READ);
    const [packs, versions] = await Promise.all([
      riskRepository.listPacks(this.db.kysely),
      riskRepository.listVersions(this.db.kysely),
    ]);
    return packs.map((p) =>
      toPack(
        p,
        versions.filter((v) => v.pack_code === p.code),
      ),
    );
  }

  async createPack(actor: Actor, input: { code: string; nameZh: string; nameEn: string }): Promise<Pack> {
    this.policy.require(actor, MANAGE);
    return this.db.transaction(async (tx) => {
      if (await riskRepository.findPack(tx, input.code))
        throw conflict('RISK.PACK_EXISTS', { code: input.code });
      const row: PackRow = {
        code: input.code,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        created_at: this.now().toISOString(),
        created_by: actorLabel(actor).id,
      };
      await riskRepository.insertPack(tx, row);
      await this.audit.record(tx, actor, {
        action: 'risk.pack.create',
        recordType: 'risk_pack',
        recordId: row.code,
        change: input,
      });
      return toPack(row, []);
    });
  }

  async getVersion(actor: Actor, code: string, version: number): Promise<PackVersion> {
    this.policy.require(actor, READ);
    const row = await riskRepository.findVersion(this.db.kysely, code, version);
    if (!row) throw notFound('RISK.VERSION_NOT_FOUND', { code, version });
    return { ...toSummary(row), rules: JSON.parse(row.rules) };
  }

  /** Checks rules without storing anything; RISK.INVALID_PACK lists every bad rule. */
  validate(actor: Actor, rules: unknown): { valid: true; ruleCount: number } {
    this.policy.require(actor, MANAGE);
    const issues = validateRules(rules, 'body.rules');
    if (issues.length > 0) throw invalid('RISK.INVALID_PACK', issues);
    return { valid: true, ruleCount: (rules as unknown[]).length };
  }

  /** Stores the rules as the pack's next version, a draft; refused whole when any rule is bad. */
  async createDraft(
    actor: Actor,
    code: string,
    input: { rules: unknown; note: string },
  ): Promise<PackVersion> {
    const { ruleCount } = this.validate(actor, input.rules);
    return this.db.transaction(async (tx) => {
      if (!(await riskRepository.findPack(tx, code))) throw notFound('RISK.PACK_NOT_FOUND', { code });
      const row: VersionRow = {
        pack_code: code,
        version: await riskRepository.nextVersion(tx, code),
        status: 'draft',
        note: input.note,
        rules: JSON.stringify(input.rules),
        rule_count: ruleCount,
        created_at: this.now().toISOString(),
        created_by: actorLabel(actor).id,
        effective_from: null,
        activated_at: null,
        activated_by: null,
      };
      await riskRepository.insertVersion(tx, row);
      await this.audit.record(tx, actor, {
        action: 'risk.pack_version.create',
        recordType: 'risk_pack_version',
        recordId: `${code}@${row.version}`,
        change: { rules: input.rules, note: input.note },
      });
      return { ...toSummary(row), rules: input.rules as unknown[] };
    });
  }

  /**
   * Re-judges past decisions as if this version had replaced its pack (other packs and the sampling
   * draw as recorded) and counts the channel changes. Reads only: nothing is stored.
   */
  async tryout(
    actor: Actor,
    code: string,
    version: number,
    options: { from?: string; to?: string; limit: number },
  ): Promise<TryoutResult> {
    this.policy.require(actor, READ);
    const row = await riskRepository.findVersion(this.db.kysely, code, version);
    if (!row) throw notFound('RISK.VERSION_NOT_FOUND', { code, version });
    const to = options.to ? iso(options.to) : this.now().toISOString();
    const from = options.from ? iso(options.from) : new Date(Date.parse(to) - 30 * DAY_MS).toISOString();
    if (from >= to) throw new AppError('RISK.INVALID_WINDOW', 400, { from, to });
    const draft = compilePack(code, version, asRules(JSON.parse(row.rules)));
    const tally = new TryoutTally();
    let after: { assessedAt: string; id: string } | undefined;
    for (let seen = 0; seen < options.limit; ) {
      const page = await riskRepository.pageDecisions(
        this.db.kysely,
        { from, to },
        after,
        Math.min(PAGE, options.limit - seen),
      );
      for (const stored of page) {
        const past = toDecision(stored);
        const now = rejudge(
          { firedRules: past.firedRules, sampled: past.sampling.sampled, subject: past.subject },
          draft,
        );
        tally.add({
          decisionId: past.id,
          subjectKind: past.subjectKind,
          subjectId: past.subjectId,
          from: past.channel,
          to: now.channel,
          draftRules: now.firedRules.filter((r) => r.pack === code).map((r) => r.ruleId),
        });
      }
      seen += page.length;
      const last = page.at(-1);
      if (!last || page.length < PAGE) break;
      after = { assessedAt: last.assessed_at, id: last.id };
    }
    return { pack: code, version, from, to, ...tally.summary() };
  }

  /** Puts a draft in force from `effectiveFrom` (now by default, never in the past); audited. */
  async activate(actor: Actor, code: string, version: number, effectiveFrom?: string): Promise<PackVersion> {
    this.policy.require(actor, MANAGE);
    const now = this.now();
    const requested = effectiveFrom ? new Date(effectiveFrom) : now;
    if (requested.getTime() < now.getTime() - PAST_GRACE_MS)
      throw new AppError('RISK.EFFECTIVE_IN_PAST', 400, { effectiveFrom: requested.toISOString() });
    const effective = new Date(Math.max(requested.getTime(), now.getTime())).toISOString();
    const activated = await this.db.transaction(async (tx) => {
      const row = await riskRepository.findVersion(tx, code, version);
      if (!row) throw notFound('RISK.VERSION_NOT_FOUND', { code, version });
      const stamp = { effectiveFrom: effective, at: now.toISOString(), by: actorLabel(actor).id };
      if ((await riskRepository.activate(tx, { code, version }, stamp)) === 0)
        throw conflict('RISK.NOT_DRAFT', { code, version });
      await this.audit.record(tx, actor, {
        action: 'risk.pack_version.activate',
        recordType: 'risk_pack_version',
        recordId: `${code}@${version}`,
        change: { effectiveFrom: effective },
      });
      this.db.afterCommit(tx, () => this.cache.invalidate());
      return (await riskRepository.findVersion(tx, code, version))!;
    });
    return { ...toSummary(activated), rules: JSON.parse(activated.rules) };
  }

  /** The version of a pack that was (or will be) in force at an instant. */
  async inForce(actor: Actor, code: string, at?: string): Promise<PackVersionSummary> {
    this.policy.require(actor, READ);
    const instant = at ? iso(at) : this.now().toISOString();
    if (!(await riskRepository.findPack(this.db.kysely, code)))
      throw notFound('RISK.PACK_NOT_FOUND', { code });
    const row = await riskRepository.findInForce(this.db.kysely, code, instant);
    if (!row) throw notFound('RISK.NONE_IN_FORCE', { code, at: instant });
    return toSummary(row);
  }

  /** Starts a new sampling seed for future draws; old seeds stay so old draws can be recomputed. */
  async rotateSeed(actor: Actor): Promise<{ id: string; createdAt: string; createdBy: string }> {
    this.policy.require(actor, MANAGE);
    return this.db.transaction(async (tx) => {
      const seq = await riskRepository.nextSeedSeq(tx);
      const id = `seed-${seq}`;
      const row = {
        id,
        seq,
        secret: randomBytes(32).toString('hex'),
        created_at: this.now().toISOString(),
        created_by: actorLabel(actor).id,
      };
      await riskRepository.insertSeed(tx, row);
      // The secret is never part of the audited change: the trail is readable by auditors.
      await this.audit.record(tx, actor, {
        action: 'risk.seed.rotate',
        recordType: 'risk_sampling_seed',
        recordId: id,
      });
      this.db.afterCommit(tx, () => this.cache.invalidate());
      return { id, createdAt: row.created_at, createdBy: row.created_by };
    });
  }
}

const iso = (instant: string) => new Date(instant).toISOString();

function toSummary(row: VersionSummary): PackVersionSummary {
  return {
    pack: row.pack_code,
    version: Number(row.version),
    status: row.status,
    note: row.note,
    ruleCount: Number(row.rule_count),
    createdAt: row.created_at,
    createdBy: row.created_by,
    effectiveFrom: row.effective_from,
    activatedAt: row.activated_at,
    activatedBy: row.activated_by,
  };
}

function toPack(row: PackRow, versions: VersionSummary[]): Pack {
  return { code: row.code, nameZh: row.name_zh, nameEn: row.name_en, versions: versions.map(toSummary) };
}

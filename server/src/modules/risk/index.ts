// The risk module (风险防控): selectivity rules, channels and random inspection selection.
// Other modules import only this file.
import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database, Executor } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor, DistrictTree, Policy } from '../../platform/identity/index.ts';
import { AssessmentService, type RiskDecisionDetail, type SamplingCheck } from './assessment.service.ts';
import { PackCache } from './pack-cache.ts';
import { registerRiskRoutes } from './risk.routes.ts';
import type { RiskDecision, RiskSubject } from './risk.types.ts';
import { RulePackService } from './rule-pack.service.ts';

export type { RiskDecisionDetail, SamplingCheck } from './assessment.service.ts';
export { DEFAULT_PACK_CODE } from './default-pack.ts';
export { riskMigrations } from './migrations/index.ts';
export { riskCatalogue } from './risk.errors.ts';
export { RiskSubjectSchema } from './risk.schemas.ts';
export {
  CHANNELS,
  type Channel,
  type Condition,
  CREDIT_LEVELS,
  type CreditLevel,
  type FiredRule,
  mostSevere,
  type RiskDecision,
  type RiskItem,
  type RiskRule,
  type RiskSubject,
  type SamplingResult,
  SUBJECT_KINDS,
  type SubjectKind,
} from './risk.types.ts';
export type {
  Pack,
  PackVersion,
  PackVersionSummary,
  RulePackService,
  TryoutResult,
} from './rule-pack.service.ts';
export { samplingDraw } from './sampling.rules.ts';

/** Permissions of the risk module by role, granted in main.ts. */
export const riskGrants = [
  ['risk_analyst', ['risk.rules.read', 'risk.rules.manage', 'risk.decisions.read']],
] as const;

export interface RiskDeps {
  db: Database;
  audit: AuditTrail;
  policy: Policy;
  districts: DistrictTree;
  now?: () => Date;
  /** How long another process's activation may take to reach this one's in-memory packs. */
  cacheRefreshMs?: number;
}

export interface Risk {
  /** Assesses one subject and stores the decision, inside `tx` when given (the caller's transaction). */
  assess(subject: RiskSubject, tx?: Executor): Promise<RiskDecision>;
  /** Assesses a batch from the in-memory compiled packs and stores all decisions with one bulk write. */
  assessMany(subjects: readonly RiskSubject[], tx?: Executor): Promise<RiskDecision[]>;
  /** A stored decision with the subject snapshot; throws RISK.DECISION_NOT_FOUND (404) on a miss. */
  getDecision(id: string): Promise<RiskDecisionDetail>;
  /** The same, for an officer: checks `risk.decisions.read` and answers 404 outside their district. */
  getDecisionFor(actor: Actor, id: string): Promise<RiskDecisionDetail>;
  /** Recomputes a decision's sampling draw from its seed. */
  checkSampling(actor: Actor, id: string): Promise<SamplingCheck>;
  /** Rule-pack management for risk analysts. */
  packs: RulePackService;
  /** Registers `/api/v1/risk/...`. */
  register(app: HttpApp): void;
}

/** Builds the risk module. */
export function createRisk(deps: RiskDeps): Risk {
  const now = deps.now ?? (() => new Date());
  const cache = new PackCache(deps.cacheRefreshMs);
  const assessment = new AssessmentService(deps.db, cache, deps.policy, deps.districts, now);
  const packs = new RulePackService(deps.db, deps.audit, deps.policy, cache, now);
  return {
    assess: (subject, tx) => assessment.assess(subject, tx),
    assessMany: (subjects, tx) => assessment.assessMany(subjects, tx),
    getDecision: (id) => assessment.getDecision(id),
    getDecisionFor: (actor, id) => assessment.getDecisionFor(actor, id),
    checkSampling: (actor, id) => assessment.checkSampling(actor, id),
    packs,
    register: (app) => registerRiskRoutes(app, packs, assessment),
  };
}

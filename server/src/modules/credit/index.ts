// The credit module (企业信用): the enterprise registry, credit facts, daily scoring, AEO levels,
// differentiated measures, mutual recognition and monitoring. Other modules import only this file.
import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor, DistrictTree, Policy, Role } from '../../platform/identity/index.ts';
import type { Outbox } from '../../platform/outbox/index.ts';
import type { ReferenceData } from '../../reference/index.ts';
import { AnnualReportService } from './annual-report.service.ts';
import type { CreditContext } from './credit.context.ts';
import type { CreditServices } from './credit.services.ts';
import { registerDecisionRoutes } from './decisions.routes.ts';
import { registerEnterpriseRoutes } from './enterprise.routes.ts';
import type { EnterpriseType } from './enterprise.rules.ts';
import { type Enterprise, EnterpriseService } from './enterprise.service.ts';
import { type CreditFact, FactsService } from './facts.service.ts';
import type { Measures } from './measures.rules.ts';
import { MonitoringService } from './monitoring.service.ts';
import { MraService } from './mra.service.ts';
import { runRescore, type ScheduleLogger, scheduleDailyRescore } from './rescore.schedule.ts';
import { type RescoreOptions, type RescoreResult, Rescorer } from './rescore.service.ts';
import { StandingService } from './standing.service.ts';

export type { AnnualReportInput } from './annual-report.rules.ts';
export type { AnnualReport } from './annual-report.service.ts';
export { creditCatalogue } from './credit.errors.ts';
export {
  type AnnualReportFiledPayload,
  CREDIT_EVENTS,
  type EnterpriseRegisteredPayload,
  type LevelChangedPayload,
} from './credit.events.ts';
export type { CreditServices } from './credit.services.ts';
export {
  CREDIT_LEVELS,
  type CreditLevel,
  FACT_KINDS,
  type FactKind,
  REASON_CODES,
} from './credit-score.rules.ts';
export { ENTERPRISE_TYPES, type EnterpriseType, usccCheckCharacter } from './enterprise.rules.ts';
export type { Enterprise } from './enterprise.service.ts';
export type { CreditFact } from './facts.service.ts';
export { MEASURES, type Measures } from './measures.rules.ts';
export { creditMigrations } from './migrations/index.ts';
export type { RescoreResult } from './rescore.service.ts';

/** Who may do what in credit; main.ts grants these with `policy.grant`. */
export const creditGrants: readonly (readonly [Role, readonly string[]])[] = [
  [
    'reviewer',
    [
      'credit.enterprises.read',
      'credit.enterprises.manage',
      'credit.facts.record',
      'credit.score.read',
      'credit.decide',
      'credit.monitoring.read',
      'credit.mra.manage',
    ],
  ],
  ['inspector', ['credit.enterprises.read', 'credit.facts.record', 'credit.score.read']],
  ['tax_officer', ['credit.enterprises.read', 'credit.facts.record', 'credit.score.read']],
  ['case_officer', ['credit.enterprises.read', 'credit.facts.record', 'credit.score.read']],
  ['risk_analyst', ['credit.enterprises.read', 'credit.score.read', 'credit.monitoring.read']],
  ['statistician', ['credit.enterprises.read', 'credit.monitoring.read']],
  ['command_officer', ['credit.enterprises.read', 'credit.score.read', 'credit.monitoring.read']],
  ['declarant', ['credit.enterprises.read', 'credit.score.read']],
  [
    'manager',
    ['credit.enterprises.read', 'credit.score.read', 'credit.annual_reports.submit', 'credit.appeals.submit'],
  ],
];

/** Permissions an enterprise's API key may carry. */
export const creditSystemScopes = [
  'credit.enterprises.read',
  'credit.score.read',
  'credit.annual_reports.submit',
];

export interface CreditDeps {
  outbox: Outbox;
  reference: ReferenceData;
  identity: { audit: AuditTrail; policy: Policy; districts: DistrictTree };
  logger?: ScheduleLogger;
  now?: () => Date;
}

export interface Credit extends CreditServices {
  /** Registers the API (`/api/v1/credit/...`). */
  register(app: HttpApp): void;
  /** The registered enterprise with this customs code, or undefined. */
  findEnterprise(code: string): Promise<Enterprise | undefined>;
  /** True when the code is a registered enterprise (of the type, when one is given). */
  isRegistered(code: string, type?: EnterpriseType): Promise<boolean>;
  /** The differentiated measures for an enterprise on a day (throws CREDIT.UNKNOWN_ENTERPRISE). */
  getMeasures(enterpriseCode: string, onDate: string): Promise<Measures>;
  /** Records credit facts from another module (or an officer); the next re-score reads them. */
  recordFacts(actor: Actor, facts: readonly CreditFact[]): Promise<number>;
  /** Re-scores every enterprise for a day and records the run (`force` replaces the day's run). */
  rescore(
    actor: Actor,
    onDate: string,
    options?: RescoreOptions & { force?: boolean },
  ): Promise<RescoreResult | undefined>;
  /** The in-process daily run (today in China, after 02:00 there, once a day across processes). */
  schedule: { start(): void; stop(): Promise<void> };
}

const silent: ScheduleLogger = { info: () => {}, error: () => {} };

/** Builds the credit module on the database, the outbox, reference data and identity's audit and policy. */
export function createCredit(db: Database, deps: CreditDeps): Credit {
  const now = deps.now ?? (() => new Date());
  const rescorer = new Rescorer(db, deps.outbox, deps.identity.audit, now);
  const ctx: CreditContext = {
    db,
    outbox: deps.outbox,
    reference: deps.reference,
    ...deps.identity,
    rescorer,
    now,
  };
  let stopSchedule: (() => Promise<void>) | undefined;
  const services: CreditServices = {
    enterprises: new EnterpriseService(ctx),
    facts: new FactsService(ctx),
    standing: new StandingService(ctx),
    annualReports: new AnnualReportService(ctx),
    mra: new MraService(ctx),
    monitoring: new MonitoringService(ctx),
    rescorer,
  };
  return {
    ...services,
    register(app) {
      registerEnterpriseRoutes(app, services);
      registerDecisionRoutes(app, services);
    },
    findEnterprise: (code) => services.enterprises.find(code),
    async isRegistered(code, type) {
      const enterprise = await services.enterprises.find(code);
      return !!enterprise && (!type || enterprise.types.includes(type));
    },
    getMeasures: (code, onDate) => services.standing.getMeasures(code, onDate),
    recordFacts: (actor, facts) => services.facts.record(actor, facts),
    rescore: (actor, onDate, options) => runRescore(db, rescorer, actor, onDate, options),
    schedule: {
      start() {
        stopSchedule ??= scheduleDailyRescore(db, rescorer, deps.logger ?? silent, { now });
      },
      async stop() {
        await stopSchedule?.();
        stopSchedule = undefined;
      },
    },
  };
}

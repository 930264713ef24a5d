import type { AuditTrail } from '../../platform/audit/index.ts';
import { type Database, Dec } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { Inbox, Receipts } from '../../platform/exchange/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { DistrictTree, Policy, Role } from '../../platform/identity/index.ts';
import type { Outbox } from '../../platform/outbox/index.ts';
import type { ReferenceData } from '../../reference/index.ts';
import type { Credit } from '../credit/index.ts';
import type { Risk } from '../risk/index.ts';
import type { Tariff } from '../tariff/index.ts';
import { registerAttachmentRoutes } from './attachment.routes.ts';
import { AttachmentService } from './attachment.service.ts';
import { creditPortFrom, riskPortFrom } from './clearance.adapters.ts';
import { ClearanceFlow } from './clearance.flow.ts';
import type { CreditPort, EnterpriseMeasures } from './clearance.ports.ts';
import type { TariffLineFacts } from './declaration.model.ts';
import { registerDeclarationRoutes } from './declaration.routes.ts';
import { DeclarationService } from './declaration.service.ts';
import { registerDeclarationXmlRoutes } from './declaration-xml.routes.ts';
import { LookupCache } from './lookup-cache.ts';
import { ReviewService } from './review.service.ts';
import { sampleTariffLineFacts } from './supervision-sample.ts';

export { clearanceCatalogue } from './clearance.errors.ts';
export type { ClearanceEventType, DeclarationEventPayload } from './clearance.events.ts';
export type {
  ClearanceRiskInput,
  CreditPort,
  DutyAssessment,
  DutyPort,
  EnterpriseMeasures,
  RiskOutcome,
  RiskPort,
} from './clearance.ports.ts';
export type { DeclarationContent, TariffLineFacts } from './declaration.model.ts';
export type { Declaration } from './declaration.view.ts';
export { fromDecMessage, toDecMessage } from './declaration.xml.ts';
export { clearanceMigrations } from './migrations/index.ts';

/** Scopes an API key may carry to send and read declarations. */
export const clearanceSystemScopes = [
  'declaration.read',
  'declaration.draft',
  'declaration.declare',
  'declaration.duty.secure',
];

/** Who may do what with declarations. */
export const clearanceGrants: [Role, string[]][] = [
  ['declarant', ['declaration.read', 'declaration.draft', 'declaration.declare', 'declaration.duty.secure']],
  ['manager', ['declaration.read']],
  ['reviewer', ['declaration.read', 'declaration.review', 'declaration.release']],
  ['inspector', ['declaration.read', 'declaration.inspect']],
  ['tax_officer', ['declaration.read', 'declaration.duty.secure']],
  ['risk_analyst', ['declaration.read']],
  ['command_officer', ['declaration.read']],
  ['statistician', ['declaration.read']],
];

export interface ClearanceDeps {
  db: Database;
  outbox: Outbox;
  audit: AuditTrail;
  policy: Policy;
  districts: DistrictTree;
  reference: ReferenceData;
  /** Legal units and licences per tariff line; the SAMPLE table when not given. */
  tariffLine?: (hsCode: string, onDate: string) => TariffLineFacts | undefined;
  risk: Risk;
  tariff: Tariff;
  credit: Credit;
  files: FileStore;
  attachmentMaxBytes: number;
  inbox: Inbox;
  receipts: Receipts;
  now?: () => Date;
}

export interface Clearance {
  declarations: DeclarationService;
  review: ReviewService;
  attachments: AttachmentService;
  registerRoutes(app: HttpApp): void;
}

// Measures change with the daily re-score: ten seconds of reuse keeps reads out of the write path.
function cachedCredit(port: CreditPort): CreditPort {
  const cache = new LookupCache<EnterpriseMeasures>(10_000);
  return { measures: (code, onDate) => cache.get(`${code}/${onDate}`, () => port.measures(code, onDate)) };
}

/** The clearance module (通关管理): goods declarations from draft to release. */
export function createClearance(deps: ClearanceDeps): Clearance {
  const now = deps.now ?? (() => new Date());
  const rates = new LookupCache<Awaited<ReturnType<Tariff['service']['findExchangeRate']>>>(60_000);
  const toCny = async (amount: string, currency: string, onDate: string) => {
    const month = onDate.slice(0, 7);
    const rate = await rates.get(`${currency}/${month}`, () =>
      deps.tariff.service.findExchangeRate(currency, onDate),
    );
    if (!rate) throw new AppError('CLEARANCE.NO_EXCHANGE_RATE', 422, { currency, month: onDate.slice(0, 7) });
    return new Dec(amount).times(rate.rate).toFixed();
  };
  const flow = new ClearanceFlow({
    db: deps.db,
    outbox: deps.outbox,
    receipts: deps.receipts,
    audit: deps.audit,
    risk: riskPortFrom(deps.risk, toCny),
    duty: deps.tariff.duty,
    credit: cachedCredit(creditPortFrom(deps.credit)),
    now,
  });
  const declarations = new DeclarationService({
    ...deps,
    tariffLine: deps.tariffLine ?? sampleTariffLineFacts,
    enterpriseExists: (code) => deps.credit.isRegistered(code),
    flow,
    now,
  });
  const review = new ReviewService(deps.db, deps.policy, declarations, flow, now, deps.audit);
  const attachments = new AttachmentService(
    deps.db,
    deps.audit,
    deps.policy,
    deps.files,
    declarations,
    deps.attachmentMaxBytes,
    now,
  );
  return {
    declarations,
    review,
    attachments,
    registerRoutes(app) {
      registerDeclarationRoutes(app, declarations, review);
      registerAttachmentRoutes(app, attachments, deps.attachmentMaxBytes);
      registerDeclarationXmlRoutes(app, declarations, deps.inbox);
    },
  };
}
export { LIFECYCLE_ACTIONS } from './declaration-lifecycle.rules.ts';

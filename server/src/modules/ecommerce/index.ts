// The cross-border e-commerce module (跨境电商): CEB gateway, three-document matching, retail
// import tax with quotas, release and tax bills. Other modules import only this file.
import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database } from '../../platform/db/index.ts';
import type { Inbox, Receipts } from '../../platform/exchange/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor, DistrictTree, Policy, Role } from '../../platform/identity/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { Credit } from '../credit/index.ts';
import type { CreditLevel, Risk } from '../risk/index.ts';
import { createCebReader } from './ceb-reader.ts';
import { loadTrustedCertificates, revocationGaps, type SignatureTrust } from './ceb-signature.ts';
import type { CodeLists } from './coded-fields.ts';
import { ECOMMERCE_PERMISSIONS } from './ecommerce.permissions.ts';
import { registerEcommerceRoutes } from './ecommerce.routes.ts';
import { loadBuyerKey } from './ecommerce.tables.ts';
import { EcommerceGateway } from './gateway.service.ts';
import { listHeld } from './held-lists.service.ts';
import { expireIncomplete } from './list-expiry.ts';
import { findListView } from './list-lookup.service.ts';
import { concludeHeld } from './list-review.ts';
import { MonitoringService } from './monitoring.service.ts';
import { PositiveList } from './positive-list.ts';
import { Revocations } from './revocation.ts';
import { listSummarisedBills, listTaxSummaries, summariseTaxBills } from './tax-summary.ts';

export * as cebSamples from './ceb.samples.ts';
export { ecommerceCatalogue } from './ecommerce.errors.ts';
export { ecommerceMigrations } from './migrations/index.ts';
export { CEB_REASON_RULES } from './receipt-reasons.ts';
export { ecommerceStages, StageClock } from './stage-clock.ts';
export { ECOMMERCE_PERMISSIONS };

/** Scopes an API key of a platform, merchant, payment or logistics company (or a site operator) may carry. */
export const ecommerceSystemScopes = [ECOMMERCE_PERMISSIONS.submit, ECOMMERCE_PERMISSIONS.read];

/** Who may do what. */
export const ecommerceGrants: [Role, string[]][] = [
  ['declarant', [ECOMMERCE_PERMISSIONS.submit, ECOMMERCE_PERMISSIONS.read]],
  ['manager', [ECOMMERCE_PERMISSIONS.read]],
  ['command_officer', [ECOMMERCE_PERMISSIONS.monitor, ECOMMERCE_PERMISSIONS.read]],
  ['risk_analyst', [ECOMMERCE_PERMISSIONS.monitor, ECOMMERCE_PERMISSIONS.read]],
  ['statistician', [ECOMMERCE_PERMISSIONS.monitor]],
  // Tax officers follow the guarantors' monthly summaries (汇总征税) and the lists behind them.
  ['tax_officer', [ECOMMERCE_PERMISSIONS.read]],
  ['reviewer', [ECOMMERCE_PERMISSIONS.read, ECOMMERCE_PERMISSIONS.review]],
  // Inspectors conclude the lists picked for inspection (500) too: goods no reviewer has seen.
  ['inspector', [ECOMMERCE_PERMISSIONS.read, ECOMMERCE_PERMISSIONS.review, ECOMMERCE_PERMISSIONS.inspect]],
];

export interface EcommerceDeps {
  db: Database;
  inbox: Inbox;
  receipts: Receipts;
  /** The audit trail: officers' conclusions on held lists are recorded in it. */
  audit: AuditTrail;
  /** Who may do what: a list picked for inspection is concluded only with `ecommerce.inspect`. */
  policy: Policy;
  risk: Risk;
  credit: Credit;
  /** The code lists in force (reference data): coded fields of CEB documents are checked against them. */
  codeLists: () => Promise<CodeLists>;
  /** The district tree that scopes officers (identity). */
  districts: DistrictTree;
  /** HMAC secret for buyer ID numbers; generated and kept in the database when absent. */
  buyerHashSecret?: string;
  positiveList?: PositiveList;
  /** A list still missing documents after this long is refused (default 24 h). */
  incompleteAfterMs?: number;
  /** How often the server looks for such lists (default 60 s). */
  sweepEveryMs?: number;
  /**
   * Message signatures (docs/adr/0009): kept always; verified when `verify` is on, the signer's
   * certificate then being one of, or issued by one of, the PEM bundle `trustFile` (when given),
   * and on none of the CAs' revocation lists in `crlFile` (PEM or DER, re-read when it changes).
   */
  signatures?: { verify?: boolean; trustFile?: string; crlFile?: string };
  /** Where a CRL file that changed but cannot be read is reported (the last good lists stay in force). */
  logger?: { warn(object: object, message: string): void };
  /** Worker threads that parse and read official XML off the request thread (0: on it; default 0). */
  readerThreads?: number;
  now?: () => Date;
}

export interface Ecommerce {
  gateway: EcommerceGateway;
  monitoring: MonitoringService;
  registerRoutes(app: HttpApp): void;
  /** Refuses the lists that waited too long for their documents; answers how many. */
  expireIncomplete(): Promise<number>;
  /** Summarises the tax bills whose return window has closed (汇总征税); answers how many. */
  summariseTaxBills(): Promise<number>;
  /** Runs `expireIncomplete` periodically in a serving process. */
  sweeper: { start(): void; stop(): void };
}

const MEASURES_TTL_MS = 60_000;

/** Builds the module. */
export function createEcommerce(deps: EcommerceDeps): Ecommerce {
  const now = deps.now ?? (() => new Date());
  let buyerKey: Promise<string> | undefined;
  const measures = new Map<
    string,
    { at: number; value: { level: CreditLevel; targetInspectionRate: string } }
  >();
  const registered = new Map<string, { at: number; value: boolean }>();
  const positiveList = deps.positiveList ?? PositiveList.sample();
  const reader = createCebReader(deps.readerThreads ?? 0, positiveList);
  const gateway = new EcommerceGateway({
    db: deps.db,
    inbox: deps.inbox,
    codeLists: deps.codeLists,
    reader,
    positiveList,
    now,
    signatures: {
      verify: deps.signatures?.verify ?? false,
      trust: signatureTrust(deps),
    },
    buyerKey: () => {
      buyerKey ??= loadBuyerKey(deps.db, deps.buyerHashSecret).catch((error) => {
        buyerKey = undefined;
        throw error;
      });
      return buyerKey;
    },
    ports: {
      risk: deps.risk,
      receipts: deps.receipts,
      async measuresOf(code, at) {
        const hit = measures.get(code);
        if (hit && at.getTime() - hit.at < MEASURES_TTL_MS) return hit.value;
        const m = await deps.credit.getMeasures(code, chinaDay(at));
        const value = { level: m.level as CreditLevel, targetInspectionRate: m.targetInspectionRate };
        measures.set(code, { at: at.getTime(), value });
        return value;
      },
      async isRegistered(code, type) {
        const key = `${code}|${type ?? ''}`;
        const hit = registered.get(key);
        const t = Date.now();
        if (hit && t - hit.at < MEASURES_TTL_MS) return hit.value;
        const value = await deps.credit.isRegistered(code, type);
        registered.set(key, { at: t, value });
        return value;
      },
    },
  });
  const monitoring = new MonitoringService(deps.db, deps.policy, now);
  const P = ECOMMERCE_PERMISSIONS;
  // A service call that checks its permission again, as services do (ARCHITECTURE.md), whatever the route said.
  const guard =
    <A extends unknown[], R>(permission: string, call: (actor: Actor, ...args: A) => R) =>
    (actor: Actor, ...args: A): R => {
      deps.policy.require(actor, permission);
      return call(actor, ...args);
    };
  const expire = () =>
    expireIncomplete(deps.db, deps.receipts, deps.incompleteAfterMs ?? 24 * 3_600_000, now());
  const summarise = () => summariseTaxBills(deps.db, deps.receipts, now());
  let timer: NodeJS.Timeout | undefined;
  return {
    gateway,
    monitoring,
    registerRoutes: (app) => {
      registerEcommerceRoutes(app, {
        gateway,
        receipts: deps.receipts,
        lists: {
          findList: guard(P.read, (actor, number: string) =>
            findListView(deps.db, deps.districts, actor, number),
          ),
          listHeld: guard(P.review, (actor, filter: Parameters<typeof listHeld>[2]) =>
            listHeld(deps.db, actor, filter),
          ),
          conclude: guard(P.review, (actor, number: string, conclusion: Parameters<typeof concludeHeld>[3]) =>
            concludeHeld(deps, actor, number, conclusion, now()),
          ),
        },
        taxSummaries: {
          list: guard(P.read, (actor, filter: Parameters<typeof listTaxSummaries>[2]) =>
            listTaxSummaries(deps.db, actor, filter),
          ),
          bills: guard(
            P.read,
            (
              actor,
              key: Parameters<typeof listSummarisedBills>[2],
              page: Parameters<typeof listSummarisedBills>[3],
            ) => listSummarisedBills(deps.db, actor, key, page),
          ),
        },
        monitoring,
      });
      app.addHook('onClose', () => reader.close());
    },
    expireIncomplete: expire,
    summariseTaxBills: summarise,
    sweeper: {
      start() {
        // Each job on its own: one failing (logged) does not stop the other; both run again next time.
        const run = (job: string, work: () => Promise<number>) =>
          work().catch((error: unknown) =>
            deps.logger?.warn({ job, error: String(error) }, 'ecommerce sweeper: a job failed'),
          );
        timer ??= setInterval(
          () => void run('expiry', expire).then(() => run('tax summary', summarise)),
          deps.sweepEveryMs ?? 60_000,
        );
        timer.unref();
      },
      stop() {
        if (timer) clearInterval(timer);
        timer = undefined;
      },
    },
  };
}

/** The certificates signers are checked against and the CAs' revocation lists (ADR 0009). */
function signatureTrust(deps: EcommerceDeps): SignatureTrust {
  const { trustFile, crlFile } = deps.signatures ?? {};
  // Revocation is checked along the path to a trusted certificate: without one there is no path.
  if (crlFile && !trustFile)
    throw new Error(
      'CEB_SIGNATURE_CRL_FILE needs CEB_SIGNATURE_TRUST_FILE: revocation is checked on the path to it',
    );
  const certificates = trustFile ? loadTrustedCertificates(trustFile) : [];
  const gaps = crlFile ? revocationGaps(certificates) : [];
  if (gaps.length > 0)
    throw new Error(
      `CEB_SIGNATURE_TRUST_FILE: the issuer of ${gaps.map((c) => c.subject.replaceAll('\n', ', ')).join('; ')} ` +
        'is not in the file, so with CEB_SIGNATURE_CRL_FILE its revocation could not be checked: add the issuing CA',
    );
  return {
    certificates,
    revocations: new Revocations(crlFile, (message) => deps.logger?.warn({ crlFile }, message)),
  };
}

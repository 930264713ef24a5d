import { type Database, type Executor, uuidv7 } from '../../platform/db/index.ts';
import { AppError, type Issue } from '../../platform/errors/index.ts';
import {
  type InboundMessage,
  type Inbox,
  type ReceiptDraft,
  type ReceiveResult,
  XmlBytes,
} from '../../platform/exchange/index.ts';
import { type Actor, enterpriseOf } from '../../platform/identity/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import { type CebJsonMessage, readCebJson } from './ceb.json.ts';
import type { CebDocument, CebMessage } from './ceb.xml.ts';
import type { CebReader } from './ceb-reader.ts';
import type { SignatureTrust } from './ceb-signature.ts';
import { type CodeLists, codedFieldIssues } from './coded-fields.ts';
import { documentKeysOf, lockDocumentKeys } from './document-locks.ts';
import { buyerHasher, rateDocuments } from './document-rating.ts';
import { applyDocuments } from './documents.apply.ts';
import type { EcommercePorts, KeptSignature, PartyType, Prepared } from './ecommerce.ports.ts';
import type { PositiveList } from './positive-list.ts';
import { ecommerceStages } from './stage-clock.ts';
import { quotaYear, TRANSACTION_LIMIT_FEN } from './tax.rules.ts';

// Who names whom: each party must be a registered enterprise of this type (credit module).
const PARTIES: Record<string, [string, PartyType][]> = {
  CEB311Message: [
    ['ebpCode', 'ecommerce_platform'],
    ['ebcCode', 'ecommerce_merchant'],
    ['payCode', 'payment_company'],
  ],
  CEB411Message: [
    ['payCode', 'payment_company'],
    ['ebpCode', 'ecommerce_platform'],
  ],
  CEB511Message: [['logisticsCode', 'logistics_company']],
  CEB513Message: [['logisticsCode', 'logistics_company']],
  CEB621Message: [
    ['ebpCode', 'ecommerce_platform'],
    ['ebcCode', 'ecommerce_merchant'],
    ['logisticsCode', 'logistics_company'],
  ],
  CEB623Message: [
    ['ebpCode', 'ecommerce_platform'],
    ['ebcCode', 'ecommerce_merchant'],
  ],
  CEB625Message: [
    ['ebpCode', 'ecommerce_platform'],
    ['ebcCode', 'ecommerce_merchant'],
  ],
  CEB711Message: [
    ['operatorCode', 'supervised_site_operator'],
    ['logisticsCode', 'logistics_company'],
  ],
};
// Who may transmit a document: one of the parties it names (the signer of 公告2018年第113号 表1, or the agent).
const SENDERS: Record<string, string[]> = {
  CEB311Message: ['ebpCode', 'ebcCode'],
  CEB411Message: ['payCode'],
  CEB511Message: ['logisticsCode'],
  CEB513Message: ['logisticsCode'],
  CEB621Message: ['agentCode', 'ebcCode', 'ebpCode'],
  CEB623Message: ['agentCode', 'ebcCode', 'ebpCode'],
  CEB625Message: ['agentCode', 'ebcCode', 'ebpCode'],
  CEB711Message: ['operatorCode'],
};

// Message types whose documents may be changed (appType 2) before a list is decided with them.
const CHANGEABLE: string[] = ['CEB311Message', 'CEB411Message', 'CEB511Message'];

export interface GatewayDeps {
  db: Database;
  inbox: Inbox;
  /** The code lists in force: coded fields are checked against them. */
  codeLists: () => Promise<CodeLists>;
  ports: EcommercePorts;
  /** Parses and reads official XML, on worker threads when configured. */
  reader: CebReader;
  positiveList: PositiveList;
  /** The key of the buyer-ID HMAC (document-rating.ts). */
  buyerKey: () => Promise<string>;
  now: () => Date;
  /** Verify signatures (off: kept unverified), against these certificates (none: integrity only) and CRLs. */
  signatures: { verify: boolean; trust: SignatureTrust };
}

/** An official XML message as received (application/xml) or its JSON form (application/json). */
export type CebInput = XmlBytes | CebJsonMessage;

/**
 * The CEB gateway: one message (one or many documents), as official XML or its JSON form, in;
 * one receipt per document out. After parsing, both formats take the same path.
 */
export class EcommerceGateway {
  constructor(private readonly deps: GatewayDeps) {}

  async submit(actor: Actor, input: CebInput): Promise<ReceiveResult[]> {
    const sender = enterpriseOf(actor);
    if (!sender) throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: 'ecommerce.submit' });
    let t = process.hrtime.bigint();
    // Read, IDs hashed and lists rated: on a reading thread for XML, here for the JSON form.
    const buyerKey = await this.deps.buyerKey();
    const message =
      input instanceof XmlBytes
        ? await this.deps.reader.read(input, buyerKey)
        : this.readJson(input, buyerKey);
    t = ecommerceStages.add('parse', t);
    if (message.copCode !== sender)
      throw new AppError('ECOMMERCE.NOT_OWN_ENTERPRISE', 403, {
        copCode: message.copCode,
        enterpriseCode: sender,
      });
    const now = this.deps.now();
    const signing = this.checkSignature(message, now);
    const codes = { lists: await this.deps.codeLists(), onDate: chinaDay(now) };
    // Reads before the write transaction: parties.
    const prepared = await Promise.all(
      message.documents.map((doc) => this.prepare(doc, sender, now, signing, codes)),
    );
    // List ids in document order: time-ordered (ADR 0012), they order a buyer's lists for the quota.
    for (const p of prepared) if (!p.refusal && p.doc.type === 'CEB621Message') p.listId = uuidv7();
    t = ecommerceStages.add('check', t);
    const inbound = message.documents.map(
      (doc): InboundMessage => ({
        sender,
        messageType: message.type,
        guid: doc.guid,
        payloadSha256: doc.payloadSha256,
      }),
    );
    // By the inbox's own message objects, not by GUID: a GUID twice in one message is a repeat of its
    // first document, which is the one applied.
    const preparedOf = new Map(inbound.map((m, i) => [m, prepared[i]!]));
    const results = await this.deps.inbox.receiveBatch(inbound, async (tx: Executor, fresh) => {
      const batch = fresh.map((m) => preparedOf.get(m)!);
      await lockDocumentKeys(this.deps.db, tx, documentKeysOf(batch));
      const drafts = await applyDocuments(this.deps.db, tx, this.deps.ports, batch, now);
      return drafts satisfies ReceiptDraft[];
    });
    ecommerceStages.add('transaction', t);
    return results;
  }

  /**
   * The message's signature, kept with its documents. With verification on, a signature that
   * fails refuses every document (-1, nothing stored), and so does a declaration (appStatus 2)
   * without one (cross-border-ecommerce.md §3.3, §4).
   */
  private checkSignature(message: CebMessage, now: Date): { kept?: KeptSignature; refusal?: Issue } {
    const { signature } = message;
    if (!this.deps.signatures.verify) {
      return signature ? { kept: { format: signature.format, block: signature.block, verified: null } } : {};
    }
    if (!signature) return {};
    const check = signature.verify(now, this.deps.signatures.trust);
    if (!check.ok)
      return {
        refusal: {
          path: signature.path,
          rule: 'signature_invalid',
          params: { reason: check.reason, ...(check.detail ? { detail: check.detail } : {}) },
        },
      };
    return {
      kept: { format: signature.format, block: signature.block, verified: true, signer: check.signer },
    };
  }

  private readJson(input: CebJsonMessage, buyerKey: string): CebMessage {
    const message = readCebJson(input);
    rateDocuments(message.documents, buyerHasher(buyerKey), this.deps.positiveList);
    return message;
  }

  private async prepare(
    doc: CebDocument,
    sender: string,
    now: Date,
    signing: { kept?: KeptSignature; refusal?: Issue },
    codes: { lists: CodeLists; onDate: string },
  ): Promise<Prepared> {
    if (doc.issues.length > 0) return { doc, sender, refusal: { returnStatus: '-1', reasons: doc.issues } };
    if (signing.refusal) return { doc, sender, refusal: { returnStatus: '-1', reasons: [signing.refusal] } };
    const unknownCodes = codedFieldIssues(doc, codes.lists, codes.onDate);
    if (unknownCodes.length > 0)
      return { doc, sender, refusal: { returnStatus: '-1', reasons: unknownCodes } };
    const head = doc.head;
    // With verification on every document must be signed, whatever its appStatus says.
    if (this.deps.signatures.verify && !signing.kept)
      return {
        doc,
        sender,
        refusal: {
          returnStatus: '-1',
          reasons: [
            {
              path: doc.paths.appStatus,
              rule: 'signature_required',
              params: { appStatus: head.appStatus ?? '' },
            },
          ],
        },
      };
    // 1 暂存 is a draft kept at the E-port (§3.3), not a declaration: acting on it would number, match, tax and
    // release what the sender has not yet declared. Refused whole; the declaration comes under a new GUID.
    if (head.appStatus === '1')
      return {
        doc,
        sender,
        refusal: {
          returnStatus: '100',
          reasons: [{ path: doc.paths.appStatus, rule: 'draft_not_declared' }],
        },
      };
    // 2 变更 is acted on for orders, payments and waybills not yet used by a decided list
    // (document-change.ts); otherwise 2 and 3 删除 are valid codes the gateway does not act on: a
    // list is withdrawn with CEB623, anything else is sent again as new (1) under a new number.
    if (head.appType && head.appType !== '1' && !(head.appType === '2' && CHANGEABLE.includes(doc.type)))
      return {
        doc,
        sender,
        refusal: {
          returnStatus: '100',
          reasons: [
            {
              path: doc.paths.appType,
              rule: 'app_type_unsupported',
              params: { appType: head.appType, allowed: CHANGEABLE.includes(doc.type) ? ['1', '2'] : ['1'] },
            },
          ],
        },
      };
    const reasons: Issue[] = [];
    if (!SENDERS[doc.type]!.some((field) => head[field] === sender))
      reasons.push({
        path: 'BaseTransfer/copCode',
        rule: 'not_party',
        params: { fields: SENDERS[doc.type] },
      });
    for (const [field, type] of PARTIES[doc.type]!) {
      const code = head[field];
      if (!code) continue;
      if (!(await this.deps.ports.isRegistered(code, type)))
        reasons.push({ path: field, rule: 'party_unregistered', params: { code, type } });
    }
    // 申报企业: the list's own merchant or platform, or a customs broker (报关企业) acting for it (公告2018年第194号:
    // 跨境电子商务企业境内代理人或其委托的报关企业). Any other enterprise naming itself agent could have a stranger's
    // stored order matched against what it guessed, and read the mismatches.
    const agent = head.agentCode;
    if (
      doc.type === 'CEB621Message' &&
      agent &&
      agent !== head.ebcCode &&
      agent !== head.ebpCode &&
      !(await this.deps.ports.isRegistered(agent, 'customs_broker'))
    )
      reasons.push({
        path: 'agentCode',
        rule: 'party_unregistered',
        params: { code: agent, type: 'customs_broker' },
      });
    // ID numbers were replaced by their keyed hash, and lists rated, where the message was read.
    const prepared: Prepared = { doc, sender, ...(signing.kept ? { signature: signing.kept } : {}) };
    if (doc.type === 'CEB621Message') {
      for (const { line, gcode } of doc.rating?.offList ?? [])
        reasons.push({
          path: `InventoryList[${line}]/gcode`,
          rule: 'not_on_positive_list',
          params: { gcode },
        });
      const tax = doc.rating?.tax;
      if (reasons.length === 0 && tax) {
        // 单次交易限值: refused here (the general-trade route for one indivisible item is not offered).
        if (tax.taxPriceFen > TRANSACTION_LIMIT_FEN)
          reasons.push({
            path: 'InventoryHead',
            rule: 'transaction_limit',
            params: { limit: '5000.00', taxPrice: tax.taxPrice },
          });
        prepared.tax = tax;
        prepared.quotaYear = quotaYear(now);
      }
    }
    if (reasons.length > 0) return { doc, sender, refusal: { returnStatus: '100', reasons } };
    return prepared;
  }
}

import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/index.ts';
import { AppError, type Issue } from '../../platform/errors/index.ts';
import type { Inbox, ReceiptDraft, ReceiveResult, XmlDocument } from '../../platform/exchange/index.ts';
import { type Actor, enterpriseOf } from '../../platform/identity/index.ts';
import { type CebDocument, readCebMessage } from './ceb.xml.ts';
import { applyDocuments } from './documents.apply.ts';
import type { EcommercePorts, PartyType, Prepared } from './ecommerce.ports.ts';
import type { PositiveList } from './positive-list.ts';
import { ecommerceStages } from './stage-clock.ts';
import { computeRetailTax, quotaYear, TRANSACTION_LIMIT_FEN } from './tax.rules.ts';

// Who names whom: each party must be a registered enterprise of this type (credit module).
const PARTIES: Record<string, [string, PartyType | undefined][]> = {
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
  CEB621Message: [
    ['ebpCode', 'ecommerce_platform'],
    ['ebcCode', 'ecommerce_merchant'],
    ['logisticsCode', 'logistics_company'],
    ['agentCode', undefined],
  ],
  CEB623Message: [
    ['ebpCode', 'ecommerce_platform'],
    ['ebcCode', 'ecommerce_merchant'],
  ],
  CEB625Message: [
    ['ebpCode', 'ecommerce_platform'],
    ['ebcCode', 'ecommerce_merchant'],
  ],
};
// Who may transmit a document: one of the parties it names (the signer of 公告2018年第113号 表1, or the agent).
const SENDERS: Record<string, string[]> = {
  CEB311Message: ['ebpCode', 'ebcCode'],
  CEB411Message: ['payCode'],
  CEB511Message: ['logisticsCode'],
  CEB621Message: ['agentCode', 'ebcCode', 'ebpCode'],
  CEB623Message: ['agentCode', 'ebcCode', 'ebpCode'],
  CEB625Message: ['agentCode', 'ebcCode', 'ebpCode'],
};

export interface GatewayDeps {
  db: Database;
  inbox: Inbox;
  ports: EcommercePorts;
  positiveList: PositiveList;
  hashBuyer: () => Promise<(id: string) => string>;
  now: () => Date;
}

/** The CEB gateway: one XML message (one or many documents) in, one receipt per document out. */
export class EcommerceGateway {
  constructor(private readonly deps: GatewayDeps) {}

  async submit(actor: Actor, document: XmlDocument): Promise<ReceiveResult[]> {
    const sender = enterpriseOf(actor);
    if (!sender) throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: 'ecommerce.submit' });
    let t = process.hrtime.bigint();
    const message = readCebMessage(document);
    if (message.copCode !== sender)
      throw new AppError('ECOMMERCE.NOT_OWN_ENTERPRISE', 403, {
        copCode: message.copCode,
        enterpriseCode: sender,
      });
    const now = this.deps.now();
    const hash = await this.deps.hashBuyer();
    // Reads before the write transaction: parties, positive list, tax.
    const prepared = await Promise.all(message.documents.map((doc) => this.prepare(doc, sender, hash, now)));
    t = ecommerceStages.add('check', t);
    const results = await this.deps.inbox.receiveBatch(
      message.documents.map((doc) => ({
        sender,
        messageType: message.type,
        guid: doc.guid,
        payload: doc.payload,
      })),
      async (tx: Executor, fresh) => {
        const byGuid = new Map(prepared.map((p) => [p.doc.guid, p]));
        const drafts = await applyDocuments(
          this.deps.db,
          tx,
          this.deps.ports,
          fresh.map((m) => byGuid.get(m.guid)!),
          now,
        );
        return drafts satisfies ReceiptDraft[];
      },
    );
    ecommerceStages.add('transaction', t);
    return results;
  }

  private async prepare(
    doc: CebDocument,
    sender: string,
    hash: (id: string) => string,
    now: Date,
  ): Promise<Prepared> {
    if (doc.issues.length > 0) return { doc, sender, refusal: { returnStatus: '-1', reasons: doc.issues } };
    const reasons: Issue[] = [];
    const head = doc.head;
    if (!SENDERS[doc.type]!.some((field) => head[field] === sender))
      reasons.push({
        path: 'BaseTransfer/copCode',
        rule: 'not_party',
        params: { fields: SENDERS[doc.type] },
      });
    for (const [field, type] of PARTIES[doc.type]!) {
      const code = head[field];
      if (!code) continue;
      if (!(await this.deps.ports.isRegistered(code, type as PartyType)))
        reasons.push({
          path: field,
          rule: 'party_unregistered',
          params: { code, type: type ?? 'enterprise' },
        });
    }
    // ID numbers never reach the database: replaced by their keyed hash here.
    for (const field of ['buyerIdNumber', 'payerIdNumber']) if (head[field]) head[field] = hash(head[field]!);
    const prepared: Prepared = { doc, sender };
    if (doc.type === 'CEB621Message') {
      const rated = doc.lines.map((line) => ({ line, entry: this.deps.positiveList.find(line.gcode ?? '') }));
      rated.forEach(({ line, entry }, i) => {
        if (!entry)
          reasons.push({
            path: `InventoryList[${i + 1}]/gcode`,
            rule: 'not_on_positive_list',
            params: { gcode: line.gcode },
          });
      });
      if (reasons.length === 0) {
        const tax = computeRetailTax(
          rated.map(({ line, entry }) => ({
            gnum: line.gnum ?? '',
            gcode: line.gcode ?? '',
            totalPrice: line.totalPrice ?? '0',
            vatRate: entry!.vatRate,
            consumptionTaxRate: entry!.consumptionTaxRate,
          })),
          head.freight ?? '0',
          head.insuredFee ?? '0',
        );
        // 单次交易限值: refused here (the general-trade route for one indivisible item is not offered).
        if (tax.taxPriceFen > TRANSACTION_LIMIT_FEN)
          reasons.push({
            path: 'InventoryHead',
            rule: 'transaction_limit',
            params: { limit: '5000.00', taxPrice: tax.taxPrice },
          });
        prepared.tax = tax;
        prepared.quotaYear = quotaYear(now);
        prepared.listId = randomUUID();
      }
    }
    if (reasons.length > 0) return { doc, sender, refusal: { returnStatus: '100', reasons } };
    return prepared;
  }
}

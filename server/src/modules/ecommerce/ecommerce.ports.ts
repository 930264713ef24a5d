import type { Issue } from '../../platform/errors/index.ts';
import type { Receipts } from '../../platform/exchange/index.ts';
import type { CreditLevel, Risk } from '../risk/index.ts';
import type { CebDocument } from './ceb.xml.ts';
import type { RetailTax } from './tax.rules.ts';

/** What the e-commerce flow needs from other modules (wired in index.ts). */
export interface EcommercePorts {
  risk: Risk;
  receipts: Receipts;
  /** Credit level and target inspection rate of an enterprise (cached). */
  measuresOf(enterpriseCode: string, at: Date): Promise<{ level: CreditLevel; targetInspectionRate: string }>;
  /** Whether the enterprise is registered with this type (credit module). */
  isRegistered(code: string, type: PartyType): Promise<boolean>;
}

export type PartyType = 'ecommerce_platform' | 'ecommerce_merchant' | 'payment_company' | 'logistics_company';

/** A document ready for the write transaction: read, checked, and either refused or with its facts. */
export interface Prepared {
  doc: CebDocument;
  sender: string;
  refusal?: { returnStatus: string; reasons: Issue[] };
  tax?: RetailTax;
  quotaYear?: number;
  listId?: string;
}

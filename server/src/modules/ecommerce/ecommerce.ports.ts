import type { Issue } from '../../platform/errors/index.ts';
import type { Receipts } from '../../platform/exchange/index.ts';
import type { CreditLevel, Risk } from '../risk/index.ts';
import type { CebDocument } from './ceb.xml.ts';
import type { SignerInfo } from './ceb-signature.ts';
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

export type PartyType =
  | 'ecommerce_platform'
  | 'ecommerce_merchant'
  | 'payment_company'
  | 'logistics_company'
  | 'supervised_site_operator'
  | 'customs_broker';

/** The message's signature as kept with each of its documents (docs/adr/0009). */
export interface KeptSignature {
  format: 'xml' | 'json';
  /** The `ds:Signature` block as sent, or the JSON `Signature` object (canonical JSON). */
  block: string;
  /** true: verified on receipt; null: kept unverified (verification off). */
  verified: boolean | null;
  signer?: SignerInfo;
}

/** A document ready for the write transaction: read, checked, and either refused or with its facts. */
export interface Prepared {
  doc: CebDocument;
  sender: string;
  refusal?: { returnStatus: string; reasons: Issue[] };
  tax?: RetailTax;
  quotaYear?: number;
  listId?: string;
  signature?: KeptSignature;
}

/** The shapes the console reads from the API (as published in /api/openapi.json). */

export type PrincipalKind = 'officer' | 'enterprise' | 'system' | 'public';

export interface Principal {
  kind: PrincipalKind;
  userId?: string;
  username?: string;
  district?: string;
  enterpriseCode?: string;
  roles?: string[];
  permissions: string[];
}

export interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  principal: Principal;
}

export type DeclarationStatus =
  | 'draft'
  | 'declared'
  | 'channel_assigned'
  | 'under_review'
  | 'duty_assessed'
  | 'duty_secured'
  | 'inspection_ordered'
  | 'inspected'
  | 'released'
  | 'closed'
  | 'rejected'
  | 'withdrawn';

export type Channel = 'green' | 'yellow' | 'red';

export type Fields = Record<string, string>;

export interface DeclarationContent {
  head: Fields;
  items: Fields[];
  containers: Fields[];
  licences: Fields[];
}

export interface RiskReason {
  ruleId: string;
  channel: string;
  text: { 'zh-CN': string; en: string };
}

/**
 * A coded sentence of the duty explanation (`valuation.goods`, `rate.mfn`, `relief.half` …): the
 * console renders `duty.<code>` from its catalogues with `params`; `text` is the English sentence.
 */
export interface Explanation {
  code: string;
  params: Record<string, string>;
  text: string;
}

// Assessments stored before the explanation was coded carry only the English strings.
export interface DutyTax {
  explanation?: Explanation;
  note?: string;
  formula?: string;
  quantity?: Explanation | null;
  payable?: string;
}

export interface DutyLine {
  itemNo: number | string;
  hsCode?: string;
  originCountry?: string;
  /** 征免方式 */
  dutyMode?: string;
  relief?: { factor: string; explanation?: Explanation; note: string };
  valuation?: { dutiableValue?: string; explanation?: Explanation[]; steps?: string[] };
  customsDuty?: DutyTax | null;
  consumptionTax?: DutyTax | null;
  vat?: DutyTax | null;
}

export interface Declaration {
  id: string;
  preEntryNo: string;
  entryId: string | null;
  enterpriseCode: string;
  traderCode: string | null;
  district: string;
  ieFlag: string | null;
  status: DeclarationStatus;
  channel: Channel | null;
  content: DeclarationContent;
  risk: { channel: string; decisionId: string; sampled: boolean; reasons: RiskReason[] } | null;
  duty: {
    total: string;
    customsDuty: string;
    vat: string;
    consumptionTax: string;
    noteExplanations?: Explanation[];
    lines: DutyLine[];
    secured?: { method: string; reference?: string; at: string };
  } | null;
  inspection: {
    orderedAt?: string;
    result?: string;
    findings?: string;
    inspector?: string;
    at?: string;
  } | null;
  allowedActions: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  declaredAt: string | null;
  releasedAt: string | null;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface HistoryEntry {
  at: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actor: string;
  reason: string | null;
  details: unknown;
}

export interface Attachment {
  id: string;
  declarationId: string;
  documentType: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export type ChangeRequestKind = 'amend' | 'withdraw';

export interface ChangeRequest {
  id: string;
  declarationId: string;
  kind: ChangeRequestKind;
  status: 'pending' | 'approved' | 'refused';
  reason: string;
  /** The content an amendment asks for (null for a withdrawal). */
  proposed: DeclarationContent | null;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** A request in the reviewers' queue, with what they need to know of its declaration. */
export interface QueuedChangeRequest extends ChangeRequest {
  declaration: {
    preEntryNo: string;
    enterpriseCode: string;
    district: string;
    status: DeclarationStatus;
    channel: Channel | null;
  };
}

export interface Dashboard {
  since: string;
  declared: number;
  byStatus: Record<string, number>;
  byChannel: { green: number; yellow: number; red: number };
  released: number;
  dutyCollected: string;
}

/**
 * GET /api/v1/ecommerce/monitoring[?day=YYYY-MM-DD]: the e-commerce figures of the command dashboard
 * for one day in China (default today) and the caller's district.
 */
export interface EcommerceMonitoring {
  /** The day of the figures in China Standard Time (UTC+8). */
  day: string;
  timeZone: 'Asia/Shanghai';
  /** The district whose customs codes the figures cover ('0000': all). */
  district: string | null;
  /** Lists created on the day by their current status (pending, released, held, rejected, cancelled, returned). */
  listsByStatus: Record<string, number>;
  /** Lists decided per minute over the last hour: UTC `YYYY-MM-DDTHH:MM` → count. */
  listsPerMinute: Record<string, number>;
  /** Lists waiting now (whatever their day) by the document they still wait for. */
  pendingMissing: { CEB311: number; CEB411: number; CEB511: number };
  /** Lists refused on the day, by the rule that refused them. */
  refusalsByReason: Record<string, number>;
  /** Tax bills issued on the day, less those a return voided. */
  taxCollected: { valueAddedTax: string; consumptionTax: string; bills: number };
  /** Parcels signed for (CEB513) and entered into a supervised site (CEB711) on the day, with the anomalies. */
  parcels: {
    signedFor: number;
    signedBeforeRelease: number;
    signedWithoutDeclaration: number;
    entered: number;
    enteredWithoutList: number;
  };
}

/**
 * GET /api/v1/ecommerce/held-lists: an inventory list held for review (300 人工审核) or inspection
 * (500 查验), as the officer concluding it reads it.
 */
export interface HeldList {
  preNo: string;
  invtNo: string | null;
  copNo: string | null;
  customsCode: string;
  returnStatus: '300' | '500';
  orderNo: string;
  ebpCode: string;
  ebpName: string;
  ebcCode: string;
  ebcName: string;
  agentCode: string;
  logisticsCode: string;
  logisticsNo: string;
  buyerName: string;
  consigneeAddress: string;
  goods: {
    gnum: string;
    gcode: string;
    gname: string;
    gmodel: string;
    country: string;
    qty: string;
    unit: string;
    price: string;
    totalPrice: string;
  }[];
  tax: { taxPrice: string; customsTax: string; valueAddedTax: string; consumptionTax: string } | null;
  /** The risk rules that held it. */
  reasons: { 'zh-CN': string; en: string }[];
  declaredAt: string;
  heldAt: string | null;
}

/**
 * GET /api/v1/ecommerce/tax-summaries: a guarantor's month of summarised tax bills (汇总征税) at one
 * customs, the bills whose 30-day return window closed in that month (China).
 */
export interface TaxSummary {
  assureCode: string;
  customsCode: string;
  period: string;
  /** 缴款书编号: the payment notice the guarantor pays the month against. */
  entDutyNo: string;
  bills: number;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  /** Customs duty, VAT and consumption tax together: what the guarantor pays. */
  totalTax: string;
  /** The earliest day (China) one of its bills must be paid by. */
  payBy: string | null;
  updatedAt: string;
}

/** GET /api/v1/ecommerce/tax-summaries/{assureCode}/{customsCode}/{period}/bills: one bill of a summary. */
export interface SummarisedBill {
  taxNo: string;
  invtNo: string;
  copNo: string | null;
  ebcCode: string;
  releasedAt: string;
  windowClosedAt: string;
  /** The last day (China) to pay it: the 45th after release. */
  payBy: string;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  totalTax: string;
}

/** GET /api/v1/ecommerce/lists/{preNo|invtNo}: an inventory list, its decision and its parcel. */
export interface ListView {
  preNo: string;
  invtNo: string | null;
  copNo: string | null;
  customsCode: string;
  orderNo: string;
  ebpCode: string;
  ebcCode: string;
  agentCode: string;
  logisticsCode: string;
  logisticsNo: string;
  status: 'pending' | 'released' | 'held' | 'rejected' | 'cancelled' | 'returned';
  returnStatus: string;
  /** Why it was refused (`{ path, rule, params }`), or why risk held it (`{ 'zh-CN', en }`). */
  reasons:
    | ({ path: string; rule: string; params?: Record<string, unknown> } | { 'zh-CN': string; en: string })[]
    | null;
  tax: { taxPrice: string; customsTax: string; valueAddedTax: string; consumptionTax: string } | null;
  createdAt: string;
  decidedAt: string | null;
  returned: { gnum: string; qty: string }[];
  /** The tax bill in force (after a partial return, the revised one). */
  taxBill: {
    taxNo: string;
    valueAddedTax: string;
    consumptionTax: string;
    /** 1 已生成, 2 已汇总 (with the month's payment notice, 缴款书编号). */
    status: '1' | '2';
    entDutyNo: string | null;
  } | null;
  parcel: {
    logisticsStatus: string | null;
    signedAt: string | null;
    anomaly: 'before_release' | 'no_declaration' | null;
    enteredAt: string | null;
    rkdNo: string | null;
  };
}

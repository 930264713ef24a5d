import { coffeeImport, phonesFromHongKong } from './declarations.ts';
import type { TestPlatform } from './platform.ts';

/** A scope fixture of the access matrix for the declaration routes (a draft of 3120980001 at 2200). */
export interface ClearanceScopeFixture {
  create(platform: TestPlatform): Promise<Record<string, string>>;
  body?: object;
  query?: string;
  rawBody?: { contentType: string; bytes: Buffer };
  outsideScope: string[];
  inScope: string[];
}

const shtradeDeclarant = {
  kind: 'enterprise' as const,
  userId: 'matrix',
  username: 'shtrade.declarant',
  enterpriseCode: '3120980001',
  roles: ['declarant' as const],
  sessionId: 'matrix',
};

async function draft(platform: TestPlatform): Promise<Record<string, string>> {
  const declaration = await platform.clearance.declarations.create(shtradeDeclarant, coffeeImport());
  return { id: declaration.id };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

// Enterprise routes: another enterprise's declarant gets 404; officer routes: officers of another
// district, and of the subordinate office 2201 (which does not see its parent's records), get 404.
const enterprise = { outsideScope: ['gzshop.declarant'], inScope: ['shtrade.declarant'] };
const reader = {
  outsideScope: ['gzshop.declarant', 'gz.reviewer', 'pudong.reviewer'],
  inScope: ['shtrade.declarant', 'sh.reviewer', 'hq.reviewer'],
};
const reviewer = { outsideScope: ['gz.reviewer', 'pudong.reviewer'], inScope: ['sh.reviewer'] };
const D = '/api/v1/declarations/:id';

export const CLEARANCE_FIXTURES: Record<string, ClearanceScopeFixture> = {
  [`GET ${D}`]: { create: draft, ...reader },
  [`GET ${D}/history`]: { create: draft, ...reader },
  [`GET ${D}/xml`]: { create: draft, ...reader },
  [`GET ${D}/requests`]: { create: draft, ...reader },
  [`GET ${D}/attachments`]: { create: draft, ...reader },
  [`PUT ${D}`]: { create: draft, body: { content: coffeeImport() }, ...enterprise },
  [`POST ${D}/declare`]: { create: draft, ...enterprise },
  [`POST ${D}/requests`]: { create: draft, body: { kind: 'withdraw', reason: 'matrix' }, ...enterprise },
  [`POST ${D}/duty/secure`]: {
    create: draft,
    body: { method: 'payment', reference: 'TAX-1' },
    ...enterprise,
  },
  [`POST ${D}/attachments`]: {
    create: draft,
    query: '?documentType=00000001&fileName=invoice.pdf',
    rawBody: { contentType: 'application/pdf', bytes: PDF },
    ...enterprise,
  },
  [`GET ${D}/attachments/:attachmentId`]: {
    async create(platform) {
      const id = (await draft(platform)).id!;
      const attachment = await platform.clearance.attachments.upload(shtradeDeclarant, id, {
        documentType: '00000001',
        fileName: 'invoice.pdf',
        mediaType: 'application/pdf',
        bytes: PDF,
      });
      return { id, attachmentId: attachment.id };
    },
    ...reader,
  },
  [`POST ${D}/review/start`]: { create: draft, ...reviewer },
  [`POST ${D}/review/accept`]: { create: draft, body: {}, ...reviewer },
  [`POST ${D}/review/reject`]: { create: draft, body: { reasons: ['matrix'] }, ...reviewer },
  [`POST ${D}/release`]: { create: draft, body: {}, ...reviewer },
  [`POST ${D}/inspection`]: {
    create: draft,
    body: { result: 'no_findings' },
    outsideScope: ['gz.inspector', 'pudong.inspector'],
    inScope: ['sh.inspector'],
  },
  [`POST ${D}/requests/:requestId/decision`]: {
    async create(platform) {
      // A yellow-channel declaration waits for review, so it can still be withdrawn.
      const { id } = await platform.clearance.declarations.create(
        shtradeDeclarant,
        phonesFromHongKong(),
        true,
      );
      const request = await platform.clearance.review.request(shtradeDeclarant, id, 'withdraw', 'matrix');
      return { id, requestId: request.id };
    },
    body: { approve: false, reason: 'matrix' },
    ...reviewer,
  },
};

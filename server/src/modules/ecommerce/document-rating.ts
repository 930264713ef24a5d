import { createHmac } from 'node:crypto';
import type { CebDocument } from './ceb.xml.ts';
import type { PositiveList } from './positive-list.ts';
import { computeRetailTax } from './tax.rules.ts';

/** A document's fields as stored, JSON: `{"head":…,"lines":…}` (ecommerce.tables.ts storedDoc). */
export function storedFields(doc: Pick<CebDocument, 'head' | 'lines'>): string {
  return JSON.stringify({ head: doc.head, lines: doc.lines });
}

/** A buyer's or payer's ID number as kept: an HMAC with the module's key (never the number itself). */
export function buyerHasher(key: string): (id: string) => string {
  return (id) => `h1:${createHmac('sha256', key).update(id.trim().toUpperCase()).digest('base64url')}`;
}

/**
 * What can be worked out of the documents alone, on whichever thread read them (ceb-reader.ts):
 * ID numbers replaced by their keyed hash, the stored form of each well-formed document, and each
 * well-formed CEB621 rated — positive list and retail tax. The gateway adds what needs the database
 * (parties) and decides.
 */
export function rateDocuments(
  documents: readonly CebDocument[],
  hash: (id: string) => string,
  positiveList: PositiveList,
): void {
  for (const doc of documents) {
    for (const field of ['buyerIdNumber', 'payerIdNumber'])
      if (doc.head[field]) doc.head[field] = hash(doc.head[field]!);
    if (doc.issues.length === 0) doc.stored = storedFields(doc);
    if (doc.type !== 'CEB621Message' || doc.issues.length > 0) continue;
    const rated = doc.lines.map((line) => ({ line, entry: positiveList.find(line.gcode ?? '') }));
    const offList = rated.flatMap(({ line, entry }, i) =>
      entry ? [] : [{ line: i + 1, gcode: line.gcode ?? '' }],
    );
    doc.rating = { offList };
    if (offList.length > 0) continue;
    doc.rating.tax = computeRetailTax(
      rated.map(({ line, entry }) => ({
        gnum: line.gnum ?? '',
        gcode: line.gcode ?? '',
        totalPrice: line.totalPrice ?? '0',
        vatRate: entry!.vatRate,
        consumptionTaxRate: entry!.consumptionTaxRate,
      })),
      doc.head.freight ?? '0',
      doc.head.insuredFee ?? '0',
    );
  }
}

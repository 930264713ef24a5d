import { sql } from 'kysely';
import type { CebGateway } from './ceb-gateway.test-helpers.ts';

// The oracle: every figure recounted from the rows themselves, independently of the tally code.
export type Figures = Map<string, { n: number; fen: number }>;
export const HOUR = 3_600_000;
const china = (iso: string) => new Date(Date.parse(iso) + 8 * HOUR).toISOString();
export const dayOf = (iso: string) => china(iso).slice(0, 10);
const minuteOf = (iso: string) => china(iso).slice(11, 16);
const fenOf = (amount: string | number) => Math.round(Number(amount) * 100);

export async function recount(g: CebGateway): Promise<Figures> {
  const figures: Figures = new Map();
  const add = (day: string, metric: string, key: string, customs: string, n: number, fen = 0) => {
    const id = [day, metric, key, customs].join(' ');
    const f = figures.get(id) ?? { n: 0, fen: 0 };
    figures.set(id, { n: f.n + n, fen: f.fen + fen });
  };
  const lists = await g.rows(
    sql<{
      id: string;
      customs_code: string;
      status: string;
      reasons: string | object | null;
      created_at: string;
      decided_at: string | null;
      parcel_key: string;
      active_parcel_key: string | null;
    }>`SELECT id, customs_code, status, reasons, created_at, decided_at, parcel_key, active_parcel_key FROM ecommerce_list`,
  );
  for (const l of lists) {
    add(dayOf(l.created_at), 'status', l.status, l.customs_code, 1);
    if (l.decided_at) add(dayOf(l.decided_at), 'decided', minuteOf(l.decided_at), l.customs_code, 1);
    if (l.status === 'rejected') {
      const reasons = (typeof l.reasons === 'string' ? JSON.parse(l.reasons) : l.reasons) as {
        rule: string;
      }[];
      for (const rule of new Set(reasons.map((r) => r.rule)))
        add(dayOf(l.decided_at!), 'refused', rule, l.customs_code, 1);
    }
  }
  const customsOf = new Map(lists.map((l) => [l.id, l.customs_code]));
  const bills = await g.rows(
    sql<{
      list_id: string;
      value_added_tax: string;
      consumption_tax: string;
      status: string;
      created_at: string;
    }>`SELECT list_id, value_added_tax, consumption_tax, status, created_at FROM ecommerce_tax_bill`,
  );
  for (const b of bills.filter((b) => b.status !== '3')) {
    add(dayOf(b.created_at), 'tax', 'vat', customsOf.get(b.list_id)!, 1, fenOf(b.value_added_tax));
    add(dayOf(b.created_at), 'tax', 'ct', customsOf.get(b.list_id)!, 1, fenOf(b.consumption_tax));
  }
  const signed = await g.rows(
    sql<{
      anomaly: string | null;
      customs_code: string;
      created_at: string;
    }>`SELECT anomaly, customs_code, created_at
      FROM ecommerce_waybill_status WHERE logistics_status = 'S'`,
  );
  for (const s of signed) {
    add(dayOf(s.created_at), 'parcel', 'signed', s.customs_code, 1);
    if (s.anomaly) add(dayOf(s.created_at), 'parcel', `signed_${s.anomaly}`, s.customs_code, 1);
  }
  const deliveries = await g.rows(
    sql<{
      rkd_no: string;
      customs_code: string;
      parcels: number;
      created_at: string;
    }>`SELECT rkd_no, customs_code,
      parcels, created_at FROM ecommerce_delivery`,
  );
  for (const d of deliveries)
    add(dayOf(d.created_at), 'parcel', 'entered', d.customs_code, Number(d.parcels));
  const listed = new Set(lists.map((l) => l.active_parcel_key).filter(Boolean));
  const entered = await g.rows(
    sql<{ parcel_key: string; rkd_no: string }>`SELECT parcel_key, rkd_no FROM ecommerce_waybill
      WHERE entered_at IS NOT NULL`,
  );
  for (const w of entered.filter((w) => !listed.has(w.parcel_key))) {
    const d = deliveries.find((d) => d.rkd_no === w.rkd_no)!;
    add(dayOf(d.created_at), 'parcel', 'entered_without_list', d.customs_code, 1);
  }
  return figures;
}

export async function tallied(g: CebGateway): Promise<Figures> {
  const rows = await g.rows(
    sql<{
      day: string;
      metric: string;
      key: string;
      customs_code: string;
      n: number;
      amount_fen: number;
    }>`SELECT
      day, metric, key, customs_code, n, amount_fen FROM ecommerce_tally`,
  );
  return new Map(
    rows
      .filter((r) => Number(r.n) !== 0 || Number(r.amount_fen) !== 0)
      .map((r) => [
        [r.day, r.metric, r.key, r.customs_code].join(' '),
        { n: Number(r.n), fen: Number(r.amount_fen) },
      ]),
  );
}

export const sorted = (figures: Figures) => [...figures].sort(([a], [b]) => (a < b ? -1 : 1));

/** What the monitoring route should answer for a day and a set of customs codes, from the recount. */
export function expectedFigures(figures: Figures, day: string, inScope: (customs: string) => boolean) {
  const sum = (metric: string, key?: string) => {
    let n = 0;
    let fen = 0;
    for (const [id, f] of figures) {
      const [d, m, k, c] = id.split(' ');
      if (d === day && m === metric && (key === undefined || k === key) && inScope(c ?? '')) {
        n += f.n;
        fen += f.fen;
      }
    }
    return { n, fen };
  };
  const byKey = (metric: string) => {
    const out: Record<string, number> = {};
    for (const id of figures.keys()) {
      const [d, m, k] = id.split(' ');
      if (d === day && m === metric && !(k! in out)) {
        const n = sum(metric, k).n;
        if (n !== 0) out[k!] = n;
      }
    }
    return out;
  };
  return {
    listsByStatus: byKey('status'),
    refusalsByReason: byKey('refused'),
    taxCollected: {
      valueAddedTax: (sum('tax', 'vat').fen / 100).toFixed(2),
      consumptionTax: (sum('tax', 'ct').fen / 100).toFixed(2),
      bills: sum('tax', 'vat').n,
    },
    parcels: {
      signedFor: sum('parcel', 'signed').n,
      signedBeforeRelease: sum('parcel', 'signed_before_release').n,
      signedWithoutDeclaration: sum('parcel', 'signed_no_declaration').n,
      entered: sum('parcel', 'entered').n,
      enteredWithoutList: sum('parcel', 'entered_without_list').n,
    },
  };
}

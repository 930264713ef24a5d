import { sql } from 'kysely';
import type { Database } from '../../platform/db/index.ts';

export interface EcommerceSnapshot {
  listsByStatus: Record<string, number>;
  /** Decided lists per minute over the last hour, `YYYY-MM-DDTHH:MM` → count. */
  listsPerMinute: Record<string, number>;
  pendingMissing: { CEB311: number; CEB411: number; CEB511: number };
  refusalsByReason: Record<string, number>;
  taxCollected: { valueAddedTax: string; consumptionTax: string; bills: number };
  /**
   * Parcels: signed for (CEB513 S), of which before their list was released or with no list in
   * force; entered into a supervised site (CEB711), and entered parcels with no list yet.
   */
  parcels: {
    signedFor: number;
    signedBeforeRelease: number;
    signedWithoutDeclaration: number;
    entered: number;
    enteredWithoutList: number;
  };
}

/** The command dashboard's e-commerce figures (read-only, outside transactions). */
export class MonitoringService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async snapshot(): Promise<EcommerceSnapshot> {
    const k = this.db.kysely;
    const since = new Date(this.now().getTime() - 3_600_000).toISOString();
    const minute =
      this.db.engine === 'postgres'
        ? sql`to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI')`
        : sql`SUBSTR(decided_at, 1, 16)`;
    const [statuses, minutes, missing, refused, tax, signed, entered] = await Promise.all([
      sql<{
        status: string;
        n: number;
      }>`SELECT status, COUNT(*) AS n FROM ecommerce_list GROUP BY status`.execute(k),
      sql<{ m: string; n: number }>`SELECT ${minute} AS m, COUNT(*) AS n FROM ecommerce_list
        WHERE decided_at >= ${since} GROUP BY ${minute}`.execute(k),
      sql<{ o: number; p: number; w: number }>`SELECT
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ecommerce_order o WHERE o.order_key = l.order_key) THEN 1 ELSE 0 END) AS o,
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ecommerce_payment p WHERE p.order_key = l.order_key) THEN 1 ELSE 0 END) AS p,
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ecommerce_waybill w WHERE w.parcel_key = l.parcel_key) THEN 1 ELSE 0 END) AS w
        FROM ecommerce_list l WHERE l.status = 'pending'`.execute(k),
      sql<{
        reasons: string;
      }>`SELECT reasons FROM ecommerce_list WHERE status = 'rejected' AND reasons IS NOT NULL
        ORDER BY decided_at DESC LIMIT 10000`.execute(k),
      sql<{ vat: string | number | null; ct: string | number | null; n: number }>`SELECT
          SUM(CAST(value_added_tax AS DECIMAL(19, 2))) AS vat, SUM(CAST(consumption_tax AS DECIMAL(19, 2))) AS ct,
          COUNT(*) AS n FROM ecommerce_tax_bill WHERE status <> '3'`.execute(k),
      sql<{ anomaly: string | null; n: number }>`SELECT anomaly, COUNT(*) AS n FROM ecommerce_waybill_status
        WHERE logistics_status = 'S' GROUP BY anomaly`.execute(k),
      sql<{ n: number; orphans: number }>`SELECT COUNT(*) AS n,
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ecommerce_list l WHERE l.active_parcel_key = w.parcel_key)
            THEN 1 ELSE 0 END) AS orphans
        FROM ecommerce_waybill w WHERE w.entered_at IS NOT NULL`.execute(k),
    ]);
    const signedBy = (anomaly: string | null) =>
      Number(signed.rows.find((r) => r.anomaly === anomaly)?.n ?? 0);
    const refusalsByReason: Record<string, number> = {};
    for (const row of refused.rows) {
      for (const issue of JSON.parse(row.reasons) as { rule: string }[]) {
        refusalsByReason[issue.rule] = (refusalsByReason[issue.rule] ?? 0) + 1;
      }
    }
    const m = missing.rows[0];
    const t = tax.rows[0];
    return {
      listsByStatus: Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)])),
      listsPerMinute: Object.fromEntries(minutes.rows.map((r) => [r.m, Number(r.n)])),
      pendingMissing: { CEB311: Number(m?.o ?? 0), CEB411: Number(m?.p ?? 0), CEB511: Number(m?.w ?? 0) },
      refusalsByReason,
      taxCollected: {
        valueAddedTax: Number(t?.vat ?? 0).toFixed(2),
        consumptionTax: Number(t?.ct ?? 0).toFixed(2),
        bills: Number(t?.n ?? 0),
      },
      parcels: {
        signedFor: signed.rows.reduce((sum, r) => sum + Number(r.n), 0),
        signedBeforeRelease: signedBy('before_release'),
        signedWithoutDeclaration: signedBy('no_declaration'),
        entered: Number(entered.rows[0]?.n ?? 0),
        enteredWithoutList: Number(entered.rows[0]?.orphans ?? 0),
      },
    };
  }
}

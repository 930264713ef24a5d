import { sql } from 'kysely';
import { type Database, Dec } from '../../platform/db/index.ts';
import { type Actor, type Policy, scopeOf, scopeWhere } from '../../platform/identity/index.ts';
import { chinaDay, chinaMinute, chinaTime } from '../../platform/time/index.ts';
import { ECOMMERCE_PERMISSIONS } from './ecommerce.permissions.ts';

export interface EcommerceSnapshot {
  /** The day of the figures in China Standard Time (UTC+8), `YYYY-MM-DD`. */
  day: string;
  timeZone: 'Asia/Shanghai';
  /** The district whose customs codes the figures cover (`0000`: all), null for none. */
  district: string | null;
  /** Lists created on the day, by their current status. */
  listsByStatus: Record<string, number>;
  /**
   * Lists released, held or refused per minute over the hour up to now (for another day: its
   * last hour), `YYYY-MM-DDTHH:MM` in UTC → count.
   */
  listsPerMinute: Record<string, number>;
  /** Lists waiting for documents now (whatever day they came), by the document they miss. */
  pendingMissing: { CEB311: number; CEB411: number; CEB511: number };
  /** Lists refused on the day, by rule (a list counts once for each rule that refused it). */
  refusalsByReason: Record<string, number>;
  /** CEB816 tax bills issued on the day and not voided by a return. */
  taxCollected: { valueAddedTax: string; consumptionTax: string; bills: number };
  /**
   * Parcels on the day: signed for (CEB513 S), of which before their list was released or with no
   * list in force; entered into a supervised site (CEB711), and of those, parcels no list in force
   * names now. A parcel counts in its list's district, or its site's; with neither, at headquarters.
   */
  parcels: {
    signedFor: number;
    signedBeforeRelease: number;
    signedWithoutDeclaration: number;
    entered: number;
    enteredWithoutList: number;
  };
}

const PARCEL_FIGURES = {
  signed: 'signedFor',
  signed_before_release: 'signedBeforeRelease',
  signed_no_declaration: 'signedWithoutDeclaration',
  entered: 'entered',
  entered_without_list: 'enteredWithoutList',
} as const;

/**
 * The command dashboard's e-commerce figures for the caller's district: read from the tally the
 * write transactions keep (monitoring-tally.ts), plus the lists waiting now. Read-only.
 */
export class MonitoringService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async snapshot(actor: Actor, options: { day?: string } = {}): Promise<EcommerceSnapshot> {
    // Checked here as well as on the route: the command centre and other callers come without one.
    this.policy.require(actor, ECOMMERCE_PERMISSIONS.monitor);
    const k = this.db.kysely;
    const now = this.now();
    const day = options.day ?? chinaDay(now);
    // The hour up to now, or the day's last hour; minutes are tallied by their day and HH:MM in China.
    const end = day === chinaDay(now) ? now : new Date(chinaTime(day).getTime() + 86_400_000 - 60_000);
    const minutes = Array.from({ length: 60 }, (_, i) => new Date(end.getTime() - (59 - i) * 60_000));
    const spans = new Map<string, { from: string; to: string }>();
    for (const at of minutes) {
      const d = chinaDay(at);
      const m = chinaMinute(at);
      const span = spans.get(d);
      if (span) span.to = m;
      else spans.set(d, { from: m, to: m });
    }
    const inScope = scopeWhere(actor, { district: 'customs_code' });
    const inMinutes = sql.join(
      [...spans].map(([d, { from, to }]) => sql`(day = ${d} AND key >= ${from} AND key <= ${to})`),
      sql` OR `,
    );
    const [figures, decided, missing] = await Promise.all([
      sql<{ metric: string; key: string; n: number | string; fen: number | string }>`
        SELECT metric, key, SUM(n) AS n, SUM(amount_fen) AS fen FROM ecommerce_tally
        WHERE day = ${day} AND metric IN ('status', 'refused', 'tax', 'parcel') AND ${inScope}
        GROUP BY metric, key`.execute(k),
      sql<{ day: string; key: string; n: number | string }>`
        SELECT day, key, SUM(n) AS n FROM ecommerce_tally
        WHERE metric = 'decided' AND (${inMinutes}) AND ${inScope}
        GROUP BY day, key`.execute(k),
      // Waiting lists are few (refused after a day): the (status, created_at) index finds them.
      sql<{ o: number | null; p: number | null; w: number | null }>`SELECT
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ecommerce_order o WHERE o.order_key = l.order_key) THEN 1 ELSE 0 END) AS o,
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ecommerce_payment p WHERE p.order_key = l.order_key) THEN 1 ELSE 0 END) AS p,
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ecommerce_waybill w WHERE w.parcel_key = l.parcel_key) THEN 1 ELSE 0 END) AS w
        FROM ecommerce_list l WHERE l.status = 'pending' AND ${scopeWhere(actor, { district: 'l.customs_code' })}`.execute(
        k,
      ),
    ]);

    const of = (metric: string) => figures.rows.filter((r) => r.metric === metric && Number(r.n) !== 0);
    const count = (metric: string) => Object.fromEntries(of(metric).map((r) => [r.key, Number(r.n)]));
    const tax = (key: string) => figures.rows.find((r) => r.metric === 'tax' && r.key === key);
    const parcels = {
      signedFor: 0,
      signedBeforeRelease: 0,
      signedWithoutDeclaration: 0,
      entered: 0,
      enteredWithoutList: 0,
    };
    for (const row of of('parcel')) {
      const figure = PARCEL_FIGURES[row.key as keyof typeof PARCEL_FIGURES];
      if (figure) parcels[figure] = Number(row.n);
    }
    const listsPerMinute: Record<string, number> = {};
    for (const row of decided.rows) {
      if (Number(row.n) !== 0)
        listsPerMinute[chinaTime(row.day, row.key).toISOString().slice(0, 16)] = Number(row.n);
    }
    const m = missing.rows[0];
    const scope = scopeOf(actor);
    return {
      day,
      timeZone: 'Asia/Shanghai',
      district: scope.kind === 'all' ? '0000' : scope.kind === 'district' ? scope.district : null,
      listsByStatus: count('status'),
      listsPerMinute,
      pendingMissing: { CEB311: Number(m?.o ?? 0), CEB411: Number(m?.p ?? 0), CEB511: Number(m?.w ?? 0) },
      refusalsByReason: count('refused'),
      taxCollected: {
        valueAddedTax: new Dec(tax('vat')?.fen ?? 0).div(100).toFixed(2),
        consumptionTax: new Dec(tax('ct')?.fen ?? 0).div(100).toFixed(2),
        bills: Number(tax('vat')?.n ?? 0),
      },
      parcels,
    };
  }
}

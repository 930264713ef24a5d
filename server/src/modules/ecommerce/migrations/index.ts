import { sql } from 'kysely';
import { type Engine, type Executor, type MigrationSet, runDdl } from '../../../platform/db/index.ts';

export const ecommerceMigrations: MigrationSet = {
  module: 'ecommerce',
  migrations: [
    {
      id: '0001_create_documents_lists_quotas',
      async up(db, t) {
        await runDdl(
          db,
          // Orders and payments key on platform + order number; waybills on carrier + waybill number.
          `CREATE TABLE ecommerce_order (
            order_key TEXT PRIMARY KEY,
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            buyer_hash TEXT NOT NULL,
            doc ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL
          )`,
          `CREATE TABLE ecommerce_payment (
            order_key TEXT PRIMARY KEY,
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            doc ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL
          )`,
          `CREATE TABLE ecommerce_waybill (
            parcel_key TEXT PRIMARY KEY,
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            doc ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL
          )`,
          // active_* hold the business keys while the list is alive; NULL once refused or cancelled.
          `CREATE TABLE ecommerce_list (
            id TEXT PRIMARY KEY,
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            order_key TEXT NOT NULL,
            parcel_key TEXT NOT NULL,
            active_order_key TEXT UNIQUE,
            active_parcel_key TEXT UNIQUE,
            cop_no TEXT,
            pre_no TEXT NOT NULL UNIQUE,
            invt_no TEXT UNIQUE,
            customs_code TEXT NOT NULL,
            ebc_code TEXT NOT NULL,
            buyer_hash TEXT NOT NULL,
            status TEXT NOT NULL,
            return_status TEXT NOT NULL,
            quota_year INTEGER,
            quota_fen INTEGER,
            tax ${t.json},
            reasons ${t.json},
            risk_decision_id TEXT,
            doc ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            decided_at ${t.timestamp}
          )`,
          'CREATE INDEX ecommerce_list_pending_order ON ecommerce_list (order_key, status)',
          'CREATE INDEX ecommerce_list_pending_parcel ON ecommerce_list (parcel_key, status)',
          'CREATE INDEX ecommerce_list_status ON ecommerce_list (status, created_at)',
          'CREATE INDEX ecommerce_list_decided ON ecommerce_list (decided_at)',
          // Annual quota per buyer (hash) and calendar year, in fen so the conditional UPDATE is exact.
          `CREATE TABLE ecommerce_quota (
            buyer_hash TEXT NOT NULL,
            year INTEGER NOT NULL,
            used_fen BIGINT NOT NULL,
            PRIMARY KEY (buyer_hash, year)
          )`,
          `CREATE TABLE ecommerce_tax_bill (
            tax_no TEXT PRIMARY KEY,
            guid TEXT NOT NULL,
            list_id TEXT NOT NULL REFERENCES ecommerce_list (id),
            invt_no TEXT NOT NULL,
            assure_code TEXT NOT NULL,
            customs_tax ${t.decimal} NOT NULL,
            value_added_tax ${t.decimal} NOT NULL,
            consumption_tax ${t.decimal} NOT NULL,
            status TEXT NOT NULL,
            lines ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX ecommerce_tax_bill_list ON ecommerce_tax_bill (list_id)',
          `CREATE TABLE ecommerce_counter (name TEXT PRIMARY KEY, value BIGINT NOT NULL)`,
          `INSERT INTO ecommerce_counter (name, value) VALUES ('list', 0)`,
          `CREATE TABLE ecommerce_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
        );
      },
    },
    {
      // On PostgreSQL a sequence hands out list serials without the row lock the counter holds to commit.
      id: '0002_list_serial_sequence',
      async up(db, _t, engine) {
        if (engine === 'postgres') await runDdl(db, 'CREATE SEQUENCE ecommerce_list_serial');
      },
    },
    {
      // CEB513 waybill statuses and CEB711 deliveries into the supervised site; the CEB623/625 that ended a list.
      id: '0003_waybill_status_deliveries',
      async up(db, t) {
        await runDdl(
          db,
          'ALTER TABLE ecommerce_waybill ADD COLUMN logistics_status TEXT',
          `ALTER TABLE ecommerce_waybill ADD COLUMN logistics_time ${t.timestamp}`,
          `ALTER TABLE ecommerce_waybill ADD COLUMN entered_at ${t.timestamp}`,
          'ALTER TABLE ecommerce_waybill ADD COLUMN rkd_no TEXT',
          `ALTER TABLE ecommerce_list ADD COLUMN ended_doc ${t.json}`,
          // One row per CEB513; list_status is the parcel's list when the status came (NULL: none).
          `CREATE TABLE ecommerce_waybill_status (
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            parcel_key TEXT NOT NULL,
            logistics_status TEXT NOT NULL,
            logistics_time ${t.timestamp} NOT NULL,
            list_status TEXT,
            anomaly TEXT,
            doc ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            PRIMARY KEY (sender, guid)
          )`,
          'CREATE INDEX ecommerce_waybill_status_parcel ON ecommerce_waybill_status (parcel_key)',
          // CEB711 入库明细单: one per arrival of a carrier's parcels at a supervised site.
          `CREATE TABLE ecommerce_delivery (
            id TEXT PRIMARY KEY,
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            operator_code TEXT NOT NULL,
            cop_no TEXT NOT NULL,
            pre_no TEXT NOT NULL UNIQUE,
            rkd_no TEXT NOT NULL UNIQUE,
            customs_code TEXT NOT NULL,
            logistics_code TEXT NOT NULL,
            bill_no TEXT NOT NULL,
            parcels INTEGER NOT NULL,
            doc ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL,
            UNIQUE (operator_code, cop_no)
          )`,
        );
      },
    },
    {
      // The monitoring tally (monitoring-tally.ts): figures per day in China, customs code, metric and key,
      // kept by every transaction that changes them; a sign-for's district; filled from the existing rows.
      id: '0004_monitoring_tally',
      async up(db, t, engine) {
        await runDdl(
          db,
          `CREATE TABLE ecommerce_tally (
            day TEXT NOT NULL,
            metric TEXT NOT NULL,
            key TEXT NOT NULL,
            customs_code TEXT NOT NULL,
            n ${t.bigint} NOT NULL,
            amount_fen ${t.bigint} NOT NULL,
            PRIMARY KEY (day, metric, key, customs_code)
          )${engine === 'sqlite' ? ' WITHOUT ROWID' : ''}`,
          'ALTER TABLE ecommerce_waybill_status ADD COLUMN customs_code TEXT',
        );
        await backfillEcommerceTally(db, engine);
      },
    },
    {
      // SQLite: quotas clustered on (buyer_hash, year), one B-tree instead of a table and its key
      // index. Buyer hashes are random, so each list's quota update wrote a random page of both
      // (ADR 0013). PostgreSQL keeps its heap and primary key.
      id: '0005_quota_clustered',
      async up(db, t, engine) {
        if (engine !== 'sqlite') return;
        await runDdl(
          db,
          `CREATE TABLE ecommerce_quota_new (
            buyer_hash TEXT NOT NULL,
            year INTEGER NOT NULL,
            used_fen ${t.bigint} NOT NULL,
            PRIMARY KEY (buyer_hash, year)
          ) WITHOUT ROWID`,
          `INSERT INTO ecommerce_quota_new (buyer_hash, year, used_fen)
            SELECT buyer_hash, year, used_fen FROM ecommerce_quota ORDER BY buyer_hash, year`,
          'DROP TABLE ecommerce_quota',
          'ALTER TABLE ecommerce_quota_new RENAME TO ecommerce_quota',
        );
      },
    },
    {
      // Each accepted CEB625: the quantities it gave back by goods line, the value given back to the
      // buyer's quota, whether it ended the list. A list may be returned in parts (return.rules.ts).
      id: '0006_list_returns',
      async up(db, t) {
        await runDdl(
          db,
          `CREATE TABLE ecommerce_return (
            id TEXT PRIMARY KEY,
            list_id TEXT NOT NULL REFERENCES ecommerce_list (id),
            sender TEXT NOT NULL,
            guid TEXT NOT NULL,
            lines ${t.json} NOT NULL,
            quota_fen INTEGER NOT NULL,
            whole INTEGER NOT NULL,
            doc ${t.json} NOT NULL,
            created_at ${t.timestamp} NOT NULL
          )`,
          'CREATE INDEX ecommerce_return_list ON ecommerce_return (list_id)',
        );
      },
    },
    {
      // 汇总征税: each guarantor's monthly sums of the tax bills whose return window has closed (tax-summary.ts);
      // a summarised bill names its month; the sweep's watermark (epoch ms of the last decision taken).
      id: '0007_tax_summaries',
      async up(db, t) {
        await runDdl(
          db,
          `CREATE TABLE ecommerce_tax_summary (
            assure_code TEXT NOT NULL,
            customs_code TEXT NOT NULL,
            period TEXT NOT NULL,
            bills INTEGER NOT NULL,
            customs_tax ${t.decimal} NOT NULL,
            value_added_tax ${t.decimal} NOT NULL,
            consumption_tax ${t.decimal} NOT NULL,
            updated_at ${t.timestamp} NOT NULL,
            PRIMARY KEY (assure_code, customs_code, period)
          )`,
          'ALTER TABLE ecommerce_tax_bill ADD COLUMN summary_period TEXT',
          `INSERT INTO ecommerce_counter (name, value) VALUES ('tax_summary_through', 0)`,
        );
      },
    },
    {
      // A summary's bills (tax-summary.ts, listSummarisedBills). Partial: a bill is indexed only once summarised,
      // so issuing one on the gateway's write path costs nothing more.
      id: '0008_summarised_bills',
      async up(db) {
        await runDdl(
          db,
          `CREATE INDEX ecommerce_tax_bill_summary ON ecommerce_tax_bill (summary_period, assure_code)
            WHERE summary_period IS NOT NULL`,
        );
      },
    },
    {
      // Each summary's earliest day to pay (its first bill's 45th day after release), filled for those already made.
      id: '0009_summary_pay_by',
      async up(db, t) {
        await runDdl(db, `ALTER TABLE ecommerce_tax_summary ADD COLUMN pay_by ${t.date}`);
        await backfillSummaryPayBy(db);
      },
    },
    {
      // A sender's own list number (copNo) is its key to the CEB622 receipts: a new list may not take one that
      // a list of the same sender still holds (documents.apply.ts).
      id: '0010_list_cop_no',
      async up(db) {
        await runDdl(db, 'CREATE INDEX ecommerce_list_cop_no ON ecommerce_list (sender, cop_no)');
      },
    },
    {
      // A payment voucher's own number, payment company + payTransactionId (the CEB412's key): one payment backs
      // one order (documents.apply.ts). Filled for the vouchers already stored.
      id: '0011_payment_transaction',
      async up(db) {
        await runDdl(db, 'ALTER TABLE ecommerce_payment ADD COLUMN pay_key TEXT');
        await backfillPaymentKeys(db);
        await runDdl(db, 'CREATE INDEX ecommerce_payment_pay_key ON ecommerce_payment (pay_key)');
      },
    },
  ],
};

/** Sets each stored payment voucher's `pay_key` (payCode|payTransactionId) from its document. */
export async function backfillPaymentKeys(db: Executor): Promise<void> {
  const stored = await sql<{ order_key: string; doc: string | { head?: Record<string, string> } }>`
    SELECT order_key, doc FROM ecommerce_payment WHERE pay_key IS NULL`.execute(db);
  for (const row of stored.rows) {
    const head = (typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc).head ?? {};
    // Spelled here as payKeyOf (ecommerce.tables.ts) spells it: a migration keeps its own copy, as it never changes.
    const payKey = `${head.payCode ?? ''}|${head.payTransactionId ?? ''}`;
    await sql`UPDATE ecommerce_payment SET pay_key = ${payKey}
      WHERE order_key = ${row.order_key}`.execute(db);
  }
}

/**
 * Sets each tax summary's earliest day to pay from its bills: the first release among them, 45 days on, in
 * China (UTC+8), as tax-summary.ts counts it.
 */
export async function backfillSummaryPayBy(db: Executor): Promise<void> {
  const firsts = await sql<{ period: string; assure_code: string; customs_code: string; first: string }>`
    SELECT b.summary_period AS period, b.assure_code, l.customs_code, MIN(l.decided_at) AS first
    FROM ecommerce_tax_bill b JOIN ecommerce_list l ON l.id = b.list_id
    WHERE b.summary_period IS NOT NULL AND b.status = '2'
    GROUP BY b.summary_period, b.assure_code, l.customs_code`.execute(db);
  for (const row of firsts.rows) {
    const payBy = new Date(Date.parse(row.first) + (8 + 45 * 24) * 3_600_000).toISOString().slice(0, 10);
    await sql`UPDATE ecommerce_tax_summary SET pay_by = ${payBy}
      WHERE assure_code = ${row.assure_code} AND customs_code = ${row.customs_code} AND period = ${row.period}`.execute(
      db,
    );
  }
}

/**
 * Fills the tally (and each sign-for's district) from the rows as they stand, as the running code
 * would have counted them. A sign-for's district is its parcel's list (the one in force, else the
 * latest), else its entry site's customs; counted at headquarters only when neither exists.
 */
export async function backfillEcommerceTally(db: Executor, engine: Engine): Promise<void> {
  // Days and minutes in China (UTC+8); tax in fen (per row: amounts of two decimals, exact after rounding).
  const day = (column: string) =>
    engine === 'postgres'
      ? `to_char((${column} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`
      : `strftime('%Y-%m-%d', ${column}, '+8 hours')`;
  const minute = (column: string) =>
    engine === 'postgres'
      ? `to_char((${column} AT TIME ZONE 'UTC') + interval '8 hours', 'HH24:MI')`
      : `strftime('%H:%M', ${column}, '+8 hours')`;
  const fen = (column: string) =>
    engine === 'postgres'
      ? `ROUND(${column} * 100)`
      : `CAST(ROUND(CAST(${column} AS REAL) * 100) AS INTEGER)`;
  const rules =
    engine === 'postgres'
      ? `SELECT DISTINCT l.id, ${day('l.decided_at')} AS day, l.customs_code, r.value ->> 'rule' AS rule
          FROM ecommerce_list l CROSS JOIN jsonb_array_elements(l.reasons) r
          WHERE l.status = 'rejected' AND l.reasons IS NOT NULL`
      : `SELECT DISTINCT l.id, ${day('l.decided_at')} AS day, l.customs_code, json_extract(r.value, '$.rule') AS rule
          FROM ecommerce_list l, json_each(l.reasons) r
          WHERE l.status = 'rejected' AND l.reasons IS NOT NULL`;
  const insert = 'INSERT INTO ecommerce_tally (day, metric, key, customs_code, n, amount_fen)';
  await runDdl(
    db,
    `UPDATE ecommerce_waybill_status SET customs_code = COALESCE(
      (SELECT l.customs_code FROM ecommerce_list l WHERE l.parcel_key = ecommerce_waybill_status.parcel_key
        ORDER BY CASE WHEN l.active_parcel_key IS NULL THEN 1 ELSE 0 END, l.created_at DESC LIMIT 1),
      (SELECT d.customs_code FROM ecommerce_waybill w JOIN ecommerce_delivery d ON d.rkd_no = w.rkd_no
        WHERE w.parcel_key = ecommerce_waybill_status.parcel_key),
      '')`,
    `${insert} SELECT day, 'status', status, customs_code, COUNT(*), 0
      FROM (SELECT ${day('created_at')} AS day, status, customs_code FROM ecommerce_list) s
      GROUP BY day, status, customs_code`,
    `${insert} SELECT day, 'decided', minute, customs_code, COUNT(*), 0
      FROM (SELECT ${day('decided_at')} AS day, ${minute('decided_at')} AS minute, customs_code
        FROM ecommerce_list WHERE decided_at IS NOT NULL) s
      GROUP BY day, minute, customs_code`,
    `${insert} SELECT day, 'refused', rule, customs_code, COUNT(*), 0 FROM (${rules}) s
      WHERE rule IS NOT NULL GROUP BY day, rule, customs_code`,
    ...(
      [
        ['vat', 'value_added_tax'],
        ['ct', 'consumption_tax'],
      ] as const
    ).map(
      ([key, column]) => `${insert} SELECT day, 'tax', '${key}', customs_code, COUNT(*), SUM(fen)
        FROM (SELECT ${day('b.created_at')} AS day, l.customs_code, ${fen(`b.${column}`)} AS fen
          FROM ecommerce_tax_bill b JOIN ecommerce_list l ON l.id = b.list_id WHERE b.status <> '3') s
        GROUP BY day, customs_code`,
    ),
    `${insert} SELECT day, 'parcel', figure, customs_code, COUNT(*), 0
      FROM (SELECT ${day('created_at')} AS day, 'signed' AS figure, customs_code
          FROM ecommerce_waybill_status WHERE logistics_status = 'S'
        UNION ALL SELECT ${day('created_at')}, CASE anomaly WHEN 'before_release' THEN 'signed_before_release'
            ELSE 'signed_no_declaration' END, customs_code
          FROM ecommerce_waybill_status WHERE logistics_status = 'S' AND anomaly IS NOT NULL) s
      GROUP BY day, figure, customs_code`,
    `${insert} SELECT day, 'parcel', 'entered', customs_code, SUM(parcels), 0
      FROM (SELECT ${day('created_at')} AS day, customs_code, parcels FROM ecommerce_delivery) s
      GROUP BY day, customs_code`,
    `${insert} SELECT day, 'parcel', 'entered_without_list', customs_code, COUNT(*), 0
      FROM (SELECT ${day('d.created_at')} AS day, d.customs_code
        FROM ecommerce_waybill w JOIN ecommerce_delivery d ON d.rkd_no = w.rkd_no
        WHERE w.entered_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ecommerce_list l WHERE l.active_parcel_key = w.parcel_key)) s
      GROUP BY day, customs_code`,
  );
}

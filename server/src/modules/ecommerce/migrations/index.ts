import { type MigrationSet, runDdl } from '../../../platform/db/index.ts';

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
  ],
};

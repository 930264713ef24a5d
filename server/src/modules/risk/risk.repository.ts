import type { Database, Executor } from '../../platform/db/index.ts';

export interface PackRow {
  code: string;
  name_zh: string;
  name_en: string;
  created_at: string;
  created_by: string;
}

export interface VersionRow {
  pack_code: string;
  version: number;
  status: 'draft' | 'active';
  note: string;
  rules: string;
  rule_count: number;
  created_at: string;
  created_by: string;
  effective_from: string | null;
  activated_at: string | null;
  activated_by: string | null;
}

export interface SeedRow {
  id: string;
  /** Orders the seeds: the highest is current (clocks may disagree; a sequence does not). */
  seq: number;
  secret: string;
  created_at: string;
  created_by: string;
}

export interface DecisionRow {
  id: string;
  subject_kind: string;
  subject_id: string;
  district: string;
  enterprise_code: string;
  channel: string;
  assessed_at: string;
  packs: string;
  fired: string;
  seed_id: string;
  draw: string;
  rate: string;
  sampled: number;
  subject: string;
}

type RiskTables = {
  risk_pack: PackRow;
  risk_pack_version: VersionRow;
  risk_sampling_seed: SeedRow;
  risk_decision: DecisionRow;
};

const q = (db: Executor) => db.withTables<RiskTables>();
export type VersionSummary = Omit<VersionRow, 'rules'>;
const SUMMARY = [
  'pack_code',
  'version',
  'status',
  'note',
  'rule_count',
  'created_at',
  'created_by',
  'effective_from',
  'activated_at',
  'activated_by',
] as const;

export const riskRepository = {
  listPacks: (db: Executor) => q(db).selectFrom('risk_pack').selectAll().orderBy('code').execute(),

  findPack: (db: Executor, code: string) =>
    q(db).selectFrom('risk_pack').selectAll().where('code', '=', code).executeTakeFirst(),

  insertPack: (db: Executor, row: PackRow) => q(db).insertInto('risk_pack').values(row).execute(),

  listVersions: (db: Executor) =>
    q(db).selectFrom('risk_pack_version').select(SUMMARY).orderBy('pack_code').orderBy('version').execute(),

  findVersion: (db: Executor, code: string, version: number) =>
    q(db)
      .selectFrom('risk_pack_version')
      .selectAll()
      .where('pack_code', '=', code)
      .where('version', '=', version)
      .executeTakeFirst(),

  async nextVersion(db: Executor, code: string): Promise<number> {
    const row = await q(db)
      .selectFrom('risk_pack_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('pack_code', '=', code)
      .executeTakeFirst();
    return Number(row?.v ?? 0) + 1;
  },

  insertVersion: (db: Executor, row: VersionRow) =>
    q(db).insertInto('risk_pack_version').values(row).execute(),

  /** Stamps a draft active; 0 rows means it was not a draft any more (a concurrent activation). */
  async activate(
    db: Executor,
    key: { code: string; version: number },
    stamp: { effectiveFrom: string; at: string; by: string },
  ): Promise<number> {
    const result = await q(db)
      .updateTable('risk_pack_version')
      .set({
        status: 'active',
        effective_from: stamp.effectiveFrom,
        activated_at: stamp.at,
        activated_by: stamp.by,
      })
      .where('pack_code', '=', key.code)
      .where('version', '=', key.version)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /** Every activated version of every pack, rules included: what the in-memory cache holds. */
  listActivated: (db: Executor) =>
    q(db).selectFrom('risk_pack_version').selectAll().where('status', '=', 'active').execute(),

  /** The version of a pack in force at an instant: latest effective time, then latest activation. */
  findInForce: (db: Executor, code: string, at: string) =>
    q(db)
      .selectFrom('risk_pack_version')
      .select(SUMMARY)
      .where('pack_code', '=', code)
      .where('status', '=', 'active')
      .where('effective_from', '<=', at)
      .orderBy('effective_from', 'desc')
      .orderBy('activated_at', 'desc')
      .orderBy('version', 'desc')
      .executeTakeFirst(),

  currentSeed: (db: Executor) =>
    q(db)
      .selectFrom('risk_sampling_seed')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow(),

  findSeed: (db: Executor, id: string) =>
    q(db).selectFrom('risk_sampling_seed').selectAll().where('id', '=', id).executeTakeFirst(),

  async nextSeedSeq(db: Executor): Promise<number> {
    const row = await q(db)
      .selectFrom('risk_sampling_seed')
      .select((eb) => eb.fn.max('seq').as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  },

  insertSeed: (db: Executor, row: SeedRow) => q(db).insertInto('risk_sampling_seed').values(row).execute(),

  insertDecisions: (database: Database, tx: Executor, rows: DecisionRow[]) =>
    database.bulkInsert(tx, 'risk_decision', rows as unknown as Record<string, unknown>[]),

  findDecision: (db: Executor, id: string) =>
    q(db).selectFrom('risk_decision').selectAll().where('id', '=', id).executeTakeFirst(),

  /** One page of decisions in assessment order, after a keyset cursor, within a time window. */
  pageDecisions(
    db: Executor,
    window: { from: string; to: string },
    after: { assessedAt: string; id: string } | undefined,
    limit: number,
  ) {
    let query = q(db)
      .selectFrom('risk_decision')
      .selectAll()
      .where('assessed_at', '>=', window.from)
      .where('assessed_at', '<', window.to);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('assessed_at', '>', after.assessedAt),
          eb.and([eb('assessed_at', '=', after.assessedAt), eb('id', '>', after.id)]),
        ]),
      );
    }
    return query.orderBy('assessed_at').orderBy('id').limit(limit).execute();
  },
};

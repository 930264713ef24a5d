import type { Actor } from '../../platform/identity/index.ts';
import { assertDate } from '../../reference/index.ts';
import { type CreditContext, tables, today } from './credit.context.ts';
import type { ForeignAeoRow, MraPartnerRow } from './credit.tables.ts';

/** An economy with an AEO mutual recognition arrangement (互认安排) with China customs. */
export interface MraPartner {
  economy: string;
  nameZh: string;
  nameEn: string;
  signedOn: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** A foreign operator's AEO status as its customs reports it. */
export interface ForeignAeo {
  economy: string;
  aeoCode: string;
  name: string;
  status: 'certified' | 'suspended' | 'revoked';
  validFrom: string;
  validTo: string | null;
}

const toPartner = (r: MraPartnerRow): MraPartner => ({
  economy: r.economy,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  signedOn: r.signed_on,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
});

const inForce = (from: string, to: string | null, onDate: string) =>
  from <= onDate && (to === null || onDate <= to);

/** AEO mutual recognition: partner economies with dates, and foreign AEO statuses. */
export class MraService {
  constructor(private readonly ctx: CreditContext) {}

  async listPartners(onDate?: string): Promise<MraPartner[]> {
    if (onDate) assertDate(onDate);
    const rows = await tables(this.ctx.db.kysely)
      .selectFrom('credit_mra_partner')
      .selectAll()
      .orderBy('economy')
      .execute();
    return rows.filter((r) => !onDate || inForce(r.effective_from, r.effective_to, onDate)).map(toPartner);
  }

  async savePartner(actor: Actor, partner: MraPartner): Promise<MraPartner> {
    this.ctx.policy.require(actor, 'credit.mra.manage');
    for (const field of ['signedOn', 'effectiveFrom'] as const) assertDate(partner[field], field);
    if (partner.effectiveTo) assertDate(partner.effectiveTo, 'effectiveTo');
    const row: MraPartnerRow = {
      economy: partner.economy,
      name_zh: partner.nameZh,
      name_en: partner.nameEn,
      signed_on: partner.signedOn,
      effective_from: partner.effectiveFrom,
      effective_to: partner.effectiveTo,
    };
    await this.ctx.db.transaction(async (tx) => {
      const q = tables(tx);
      await q.deleteFrom('credit_mra_partner').where('economy', '=', row.economy).execute();
      await q.insertInto('credit_mra_partner').values(row).execute();
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.mra.save',
        recordType: 'credit_mra_partner',
        recordId: row.economy,
        change: row,
      });
    });
    return toPartner(row);
  }

  async saveForeignAeo(actor: Actor, input: ForeignAeo): Promise<ForeignAeo> {
    this.ctx.policy.require(actor, 'credit.mra.manage');
    assertDate(input.validFrom, 'validFrom');
    if (input.validTo) assertDate(input.validTo, 'validTo');
    const row: ForeignAeoRow = {
      economy: input.economy,
      aeo_code: input.aeoCode,
      name: input.name,
      status: input.status,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      updated_at: this.ctx.now().toISOString(),
    };
    await this.ctx.db.transaction(async (tx) => {
      const q = tables(tx);
      await q
        .deleteFrom('credit_foreign_aeo')
        .where('economy', '=', row.economy)
        .where('aeo_code', '=', row.aeo_code)
        .execute();
      await q.insertInto('credit_foreign_aeo').values(row).execute();
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.foreign_aeo.save',
        recordType: 'credit_foreign_aeo',
        recordId: `${row.economy}:${row.aeo_code}`,
        change: row,
      });
    });
    return input;
  }

  /** A foreign operator's status and whether China recognizes it on the day (partner in force, AEO valid). */
  async findForeignAeo(
    economy: string,
    aeoCode: string,
    onDate = today(this.ctx),
  ): Promise<(ForeignAeo & { recognized: boolean }) | undefined> {
    assertDate(onDate);
    const q = tables(this.ctx.db.kysely);
    const row = await q
      .selectFrom('credit_foreign_aeo')
      .selectAll()
      .where('economy', '=', economy)
      .where('aeo_code', '=', aeoCode)
      .executeTakeFirst();
    if (!row) return undefined;
    const partner = await q
      .selectFrom('credit_mra_partner')
      .selectAll()
      .where('economy', '=', economy)
      .executeTakeFirst();
    const recognized =
      !!partner &&
      inForce(partner.effective_from, partner.effective_to, onDate) &&
      row.status === 'certified' &&
      inForce(row.valid_from, row.valid_to, onDate);
    return {
      economy: row.economy,
      aeoCode: row.aeo_code,
      name: row.name,
      status: row.status,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      recognized,
    };
  }
}

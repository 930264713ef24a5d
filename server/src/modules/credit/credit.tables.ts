import type { Generated } from 'kysely';

// Row shapes of the credit module's tables (see migrations/). Repositories use `withTables<CreditTables>()`.

export interface EnterpriseRow {
  code: string;
  uscc: string;
  name_zh: string;
  name_en: string | null;
  address: string;
  district: string;
  /** JSON array of enterprise types. */
  types: string;
  registered_on: string;
  updated_at: string;
  version: number;
}

export interface EnterpriseChangeRow {
  id: Generated<number>;
  enterprise_code: string;
  version: number;
  changed_at: string;
  changed_by: string;
  changes: string;
}

export interface ScoreRow {
  enterprise_code: string;
  score: number | null;
  previous_score: number | null;
  level: string;
  level_since: string;
  reasons: string;
  scored_on: string | null;
}

export interface LevelChangeRow {
  id: Generated<number>;
  enterprise_code: string;
  from_level: string | null;
  to_level: string;
  effective_on: string;
  score: number | null;
  recorded_at: string;
}

export interface FactRow {
  id: Generated<number>;
  enterprise_code: string;
  kind: string;
  occurred_on: string;
  count: number;
  amount: string | null;
  source: string;
  ref: string | null;
  recorded_at: string;
}

export interface AnnualReportRow {
  id: Generated<number>;
  enterprise_code: string;
  year: number;
  filed_on: string;
  status: 'accepted' | 'queued' | 'rejected';
  review: string;
  late: number;
  debt_ratio_high: number;
  payload: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface CertificationRow {
  id: Generated<number>;
  enterprise_code: string;
  level: 'aeo_advanced' | 'aeo_general';
  decided_on: string;
  valid_from: string;
  valid_to: string | null;
  revoked_on: string | null;
  decided_by: string;
  note: string | null;
}

export interface DiscreditRow {
  id: Generated<number>;
  enterprise_code: string;
  reason: string;
  effective_from: string;
  repairable_on: string;
  ended_on: string | null;
  end_kind: 'repaired' | 'annulled' | null;
  recorded_at: string;
}

export interface AppealRow {
  id: Generated<number>;
  enterprise_code: string;
  kind: 'repair' | 'appeal';
  discredit_id: number;
  reason: string;
  submitted_at: string;
  submitted_by: string;
  status: 'pending' | 'granted' | 'refused';
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface MraPartnerRow {
  economy: string;
  name_zh: string;
  name_en: string;
  signed_on: string;
  effective_from: string;
  effective_to: string | null;
}

export interface ForeignAeoRow {
  economy: string;
  aeo_code: string;
  name: string;
  status: 'certified' | 'suspended' | 'revoked';
  valid_from: string;
  valid_to: string | null;
  updated_at: string;
}

export interface RescoreRunRow {
  run_on: string;
  started_at: string;
  finished_at: string | null;
  enterprises: number;
  changed: number;
  level_changes: number;
  actor: string;
}

export type CreditTables = {
  credit_enterprise: EnterpriseRow;
  credit_enterprise_change: EnterpriseChangeRow;
  credit_score: ScoreRow;
  credit_level_change: LevelChangeRow;
  credit_fact: FactRow;
  credit_annual_report: AnnualReportRow;
  credit_certification: CertificationRow;
  credit_discredit: DiscreditRow;
  credit_appeal: AppealRow;
  credit_mra_partner: MraPartnerRow;
  credit_foreign_aeo: ForeignAeoRow;
  credit_rescore_run: RescoreRunRow;
};

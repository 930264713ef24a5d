// The tariff module (关税管理): the schedule of rates, the customs exchange rates and the duty calculation.
// Other modules import only this file.
import type { Database } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { ReferenceData } from '../../reference/index.ts';
import type { DutyOptions } from './duty.rules.ts';
import { DutyService } from './duty.service.ts';
import { registerTariffRoutes } from './tariff.routes.ts';
import { TariffService } from './tariff.service.ts';

export type { ApplicableRates } from './applicable-rates.rules.ts';
export { SAMPLE_SOURCE } from './applicable-rates.rules.ts';
export type { DutyLine, DutyOptions, DutyResult, Relief, TaxLine } from './duty.rules.ts';
export type { DutyAssessment, DutyService } from './duty.service.ts';
export {
  EXPLANATION_CODES,
  type Explanation,
  type ExplanationCode,
  explanationParams,
} from './duty-explanation.rules.ts';
export type { DutyContent, DutyHead, DutyItem, ItemValuation } from './duty-value.rules.ts';
export type { ExchangeRate } from './exchange-rate.rules.ts';
export { tariffMigrations } from './migrations/index.ts';
export { tariffCatalogue } from './tariff.errors.ts';
export type { ImportFileInput, ImportFileResult, TariffService, WithinImport } from './tariff.service.ts';
export type { RateForm, RateKind, TariffRate } from './tariff-rate.rules.ts';

export interface Tariff {
  service: TariffService;
  /** Duty calculation; `duty.assess(content, onDate)` is what clearance wires as its DutyPort. */
  duty: DutyService;
  /** Registers the read API (`/api/v1/tariff/...`). */
  register(app: HttpApp): void;
}

/** Builds the tariff module on the database and the reference data. */
export function createTariff(db: Database, reference: ReferenceData, options: DutyOptions = {}): Tariff {
  const service = new TariffService(db, reference);
  const duty = new DutyService(service, options);
  return { service, duty, register: (app) => registerTariffRoutes(app, service, reference, duty) };
}

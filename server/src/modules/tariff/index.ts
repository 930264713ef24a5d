// The tariff module (关税管理), first part: the schedule of rates and the customs exchange rates.
// Other modules import only this file.
import type { Database } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { ReferenceData } from '../../reference/index.ts';
import { registerTariffRoutes } from './tariff.routes.ts';
import { TariffService } from './tariff.service.ts';

export type { ApplicableRates } from './applicable-rates.rules.ts';
export { SAMPLE_SOURCE } from './applicable-rates.rules.ts';
export type { ExchangeRate } from './exchange-rate.rules.ts';
export { tariffMigrations } from './migrations/index.ts';
export { tariffCatalogue } from './tariff.errors.ts';
export type { ImportFileInput, ImportFileResult, TariffService, WithinImport } from './tariff.service.ts';
export type { RateForm, RateKind, TariffRate } from './tariff-rate.rules.ts';

export interface Tariff {
  service: TariffService;
  /** Registers the read API (`/api/v1/tariff/...`). */
  register(app: HttpApp): void;
}

/** Builds the tariff module on the database and the reference data. */
export function createTariff(db: Database, reference: ReferenceData): Tariff {
  const service = new TariffService(db, reference);
  return { service, register: (app) => registerTariffRoutes(app, service, reference) };
}

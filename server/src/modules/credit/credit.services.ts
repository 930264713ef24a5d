import type { AnnualReportService } from './annual-report.service.ts';
import type { EnterpriseService } from './enterprise.service.ts';
import type { FactsService } from './facts.service.ts';
import type { MonitoringService } from './monitoring.service.ts';
import type { MraService } from './mra.service.ts';
import type { Rescorer } from './rescore.service.ts';
import type { StandingService } from './standing.service.ts';

/** Every service of the module, as the routes and index.ts see them. */
export interface CreditServices {
  enterprises: EnterpriseService;
  facts: FactsService;
  standing: StandingService;
  annualReports: AnnualReportService;
  mra: MraService;
  monitoring: MonitoringService;
  rescorer: Rescorer;
}

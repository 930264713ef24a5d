import type { Receipts } from '../../platform/exchange/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { registerGatewayRoutes } from './gateway.routes.ts';
import type { EcommerceGateway } from './gateway.service.ts';
import { type ListRoutesDeps, registerListRoutes } from './lists.routes.ts';
import { registerMonitoringRoutes } from './monitoring.routes.ts';
import type { MonitoringService } from './monitoring.service.ts';
import { registerTaxSummaryRoutes, type TaxSummaryRoutesDeps } from './tax-summaries.routes.ts';

/** What the module's routes ask of it. */
export interface EcommerceRoutesDeps {
  gateway: EcommerceGateway;
  receipts: Receipts;
  lists: ListRoutesDeps;
  taxSummaries: TaxSummaryRoutesDeps;
  monitoring: MonitoringService;
}

/**
 * The module's HTTP surface, one file per area: the CEB gateway (gateway.routes.ts), lists and the held
 * queue (lists.routes.ts), 汇总征税 (tax-summaries.routes.ts), the dashboard's figures (monitoring.routes.ts).
 */
export function registerEcommerceRoutes(app: HttpApp, deps: EcommerceRoutesDeps): void {
  registerGatewayRoutes(app, deps.gateway, deps.receipts);
  registerListRoutes(app, deps.lists);
  registerTaxSummaryRoutes(app, deps.taxSummaries);
  registerMonitoringRoutes(app, deps.monitoring);
}

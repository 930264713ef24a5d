import { z } from 'zod';
import type { HttpApp } from '../../platform/http/index.ts';
import { ECOMMERCE_PERMISSIONS } from './ecommerce.permissions.ts';
import type { MonitoringService } from './monitoring.service.ts';

const count = z.number().int();
const countsSchema = z.record(z.string(), count);
const MonitoringSchema = z.object({
  day: z.string().meta({ description: 'The day of the figures in China Standard Time (UTC+8)' }),
  timeZone: z.literal('Asia/Shanghai'),
  district: z
    .string()
    .nullable()
    .meta({ description: "The district whose customs codes the figures cover ('0000': all)" }),
  listsByStatus: countsSchema.meta({ description: 'Lists created on the day, by current status' }),
  listsPerMinute: countsSchema.meta({
    description:
      'Lists released, held or refused per minute (UTC YYYY-MM-DDTHH:MM) over the hour up to now, or the last hour of another day',
  }),
  pendingMissing: z
    .object({ CEB311: count, CEB411: count, CEB511: count })
    .meta({ description: 'Lists waiting for documents now, whatever their day, by missing document' }),
  refusalsByReason: countsSchema.meta({ description: 'Lists refused on the day, once per rule' }),
  taxCollected: z
    .object({ valueAddedTax: z.string(), consumptionTax: z.string(), bills: count })
    .meta({ description: 'CEB816 tax bills issued on the day and not voided by a return' }),
  parcels: z.object({
    signedFor: count,
    signedBeforeRelease: count,
    signedWithoutDeclaration: count,
    entered: count,
    enteredWithoutList: count,
  }),
});

const DaySchema = z.iso.date().describe('a day in China Standard Time, YYYY-MM-DD (default: today)');

/** The command dashboard's e-commerce figures of a day. */
export function registerMonitoringRoutes(app: HttpApp, monitoring: MonitoringService): void {
  const tags = ['ecommerce'];
  app.get(
    '/api/v1/ecommerce/monitoring',
    {
      schema: {
        tags,
        summary:
          "The e-commerce figures of a day in China (default today) for the caller's district: lists by status " +
          'and per minute, waiting lists by missing document, refusals by reason, tax collected, parcels',
        querystring: z.object({ day: DaySchema.optional() }),
        response: { 200: MonitoringSchema },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.monitor } },
    },
    async (request) => monitoring.snapshot(request.principal, { day: request.query.day }),
  );
}

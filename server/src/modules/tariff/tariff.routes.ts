import { notFound } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { ReferenceData } from '../../reference/index.ts';
import { DutyAssessmentSchema, DutyCalculateRequestSchema } from './duty.schemas.ts';
import type { DutyService } from './duty.service.ts';
import {
  ExchangeRateParamsSchema,
  ExchangeRateQuerySchema,
  ExchangeRateResponseSchema,
  LineParamsSchema,
  LineQuerySchema,
  TariffLineResponseSchema,
} from './tariff.schemas.ts';
import type { TariffService } from './tariff.service.ts';

const tags = ['tariff'];
const today = () => chinaDay(new Date());

/** Read API: the rates of a tariff line, the month's exchange rate, and a duty calculation to try. */
export function registerTariffRoutes(
  app: HttpApp,
  tariff: TariffService,
  reference: ReferenceData,
  duty: DutyService,
): void {
  app.get(
    '/api/v1/tariff/lines/:hsCode',
    {
      schema: {
        tags,
        summary: 'Every rate in force for a tariff line on a day, with conventional rates for an origin',
        params: LineParamsSchema,
        querystring: LineQuerySchema,
        response: { 200: TariffLineResponseSchema },
      },
      config: { access: 'public' },
    },
    async (request) => {
      const { hsCode } = request.params;
      const onDate = request.query.on ?? today();
      const line = (await reference.current()).findTariffLine(hsCode, onDate);
      if (!line) throw notFound('TARIFF.UNKNOWN_LINE', { hsCode, onDate });
      const { mfn, general, provisional, conventional, vat, consumption, originCountry, sample } =
        await tariff.findApplicableRates(hsCode, request.query.origin ?? null, onDate);
      return {
        hsCode,
        line: { code: line.code, nameZh: line.nameZh, nameEn: line.nameEn },
        onDate,
        originCountry,
        rates: { mfn, general, provisional, conventional, vat, consumption },
        sample,
      };
    },
  );

  app.get(
    '/api/v1/tariff/exchange-rates/:currency',
    {
      schema: {
        tags,
        summary: 'The customs exchange rate of a currency for the month of a day',
        params: ExchangeRateParamsSchema,
        querystring: ExchangeRateQuerySchema,
        response: { 200: ExchangeRateResponseSchema },
      },
      config: { access: 'public' },
    },
    async (request) => tariff.getExchangeRate(request.params.currency, request.query.on ?? today()),
  );

  app.post(
    '/api/v1/tariff/duty/calculate',
    {
      schema: {
        tags,
        summary:
          'Calculates duty, consumption tax and import VAT of declaration content, every line explained; stores nothing',
        body: DutyCalculateRequestSchema,
        response: { 200: DutyAssessmentSchema },
      },
      config: { access: 'authenticated' },
    },
    async (request) => {
      const { onDate, ...content } = request.body;
      return duty.assess(content, onDate ?? today());
    },
  );
}

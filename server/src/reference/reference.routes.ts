import type { HttpApp } from '../platform/http/index.ts';
import { chinaDay } from '../platform/time/index.ts';
import {
  CodePageSchema,
  CodeParamsSchema,
  CodeResponseSchema,
  CodeSetListSchema,
  CodeSetParamsSchema,
  HsSearchQuerySchema,
  HsSearchResponseSchema,
  ListCodesQuerySchema,
  OnQuerySchema,
} from './reference.schemas.ts';
import type { ReferenceData } from './reference.service.ts';
import type { CodeSetVersion } from './reference-snapshot.ts';

const tags = ['reference'];
const today = () => chinaDay(new Date());
const version = (v: CodeSetVersion) => ({
  id: v.id,
  label: v.label,
  source: v.source,
  effectiveFrom: v.effectiveFrom,
  effectiveTo: v.effectiveTo,
});

/** Read-only API over the code sets: public, since the tables are public standards. */
export function registerReferenceRoutes(app: HttpApp, reference: ReferenceData): void {
  app.get(
    '/api/v1/reference',
    {
      schema: { tags, summary: 'The code sets and their versions', response: { 200: CodeSetListSchema } },
      config: { access: 'public' },
    },
    async () => {
      const snapshot = await reference.current();
      return {
        items: snapshot.codeSets().map((set) => ({
          name: set.name,
          titleZh: set.title['zh-CN'],
          titleEn: set.title.en,
          versions: set.versions.map((v) => ({ ...version(v), rows: v.rows.length })),
        })),
      };
    },
  );

  app.get(
    '/api/v1/reference/hs/search',
    {
      schema: {
        tags,
        summary:
          'Search the HS nomenclature and tariff lines by code prefix or Chinese/English words, ranked',
        querystring: HsSearchQuerySchema,
        response: { 200: HsSearchResponseSchema },
      },
      config: { access: 'public' },
    },
    async (request) => {
      const on = request.query.on ?? today();
      const result = (await reference.current()).searchHs(request.query.q, on, request.query.limit);
      return { q: request.query.q, on, ...result };
    },
  );

  app.get(
    '/api/v1/reference/:codeSet',
    {
      schema: {
        tags,
        summary: 'List a code set as in force on a day, a page at a time',
        params: CodeSetParamsSchema,
        querystring: ListCodesQuerySchema,
        response: { 200: CodePageSchema },
      },
      config: { access: 'public' },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const v = (await reference.current()).getVersion(request.params.codeSet, request.query.on ?? today());
      const start = (page - 1) * pageSize;
      return {
        codeSet: v.codeSet,
        version: version(v),
        items: v.rows.slice(start, start + pageSize),
        total: v.rows.length,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/api/v1/reference/:codeSet/:code',
    {
      schema: {
        tags,
        summary: 'One code as in force on a day',
        params: CodeParamsSchema,
        querystring: OnQuerySchema,
        response: { 200: CodeResponseSchema },
      },
      config: { access: 'public' },
    },
    async (request) => {
      const { codeSet, code } = request.params;
      const on = request.query.on ?? today();
      const snapshot = await reference.current();
      const row = snapshot.getCode(codeSet, code, on);
      return { codeSet, version: version(snapshot.getVersion(codeSet, on)), ...row };
    },
  );
}

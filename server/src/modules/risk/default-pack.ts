import type { RiskRule } from './risk.types.ts';

/** The pack every database starts with (version 1 of `default`), installed by migration 0002. */
export const DEFAULT_PACK_CODE = 'default';

/**
 * Demonstration rules, not an official risk profile. Frozen: migration 0002 stores exactly these,
 * so editing them would make two databases disagree about version 1. Analysts change the rules
 * by creating version 2 through the API.
 */
export const DEFAULT_PACK_V1: readonly RiskRule[] = [
  {
    id: 'credit.discredited',
    description: 'Discredited enterprises are inspected (失信企业实施严密监管)',
    when: { field: 'creditLevel', op: 'eq', value: 'discredited' },
    channel: 'red',
    reason: { 'zh-CN': '失信企业，实施查验', en: 'Discredited enterprise: inspect' },
  },
  {
    id: 'goods.endangered-species',
    description: 'Live animals, ivory and worked ivory: CITES goods need a permit check at the goods',
    when: { items: 'any', where: { field: 'hsCode', op: 'prefix', value: ['0106', '0507', '9601'] } },
    channel: 'red',
    reason: {
      'zh-CN': '涉及濒危物种及其制品，核验濒危物种证明并查验',
      en: 'Endangered species or their products: check the CITES permit and inspect',
    },
  },
  {
    id: 'goods.arms',
    description: 'Chapter 93, arms and ammunition',
    when: { items: 'any', where: { field: 'hsCode', op: 'prefix', value: '93' } },
    channel: 'red',
    reason: { 'zh-CN': '武器弹药类商品，实施查验', en: 'Arms and ammunition: inspect' },
  },
  {
    id: 'goods.solid-waste-import',
    description: 'Solid waste imports are banned since 2021 (公告2020年第53号)',
    when: {
      all: [
        { field: 'ieFlag', op: 'eq', value: 'I' },
        { items: 'any', where: { field: 'hsCode', op: 'prefix', value: ['3915', '4707', '7204'] } },
      ],
    },
    channel: 'red',
    reason: { 'zh-CN': '疑似进口固体废物，实施查验', en: 'Possible solid waste import: inspect' },
  },
  {
    id: 'goods.high-value-electronics',
    description:
      'Computers, phones and chips over 500,000 CNY a line from re-export hubs: check origin and value',
    when: {
      items: 'any',
      where: {
        all: [
          { field: 'hsCode', op: 'prefix', value: ['8471', '8517', '8542'] },
          { field: 'valueCny', op: 'gt', value: '500000' },
          { field: 'originCountry', op: 'in', value: ['HKG', 'SGP', 'ARE'] },
        ],
      },
    },
    channel: 'yellow',
    reason: {
      'zh-CN': '高价值电子产品经转口地原产，审核原产地及价格',
      en: 'High-value electronics of re-export-hub origin: review origin and value',
    },
  },
  {
    id: 'history.repeated-findings',
    description: 'Three or more past inspection findings',
    when: { field: 'history.priorFindings', op: 'gte', value: '3' },
    channel: 'yellow',
    reason: { 'zh-CN': '该企业多次查获问题，人工审单', en: 'Repeated past findings: documentary review' },
  },
  {
    id: 'history.first-large-declaration',
    description: 'A first declaration worth over one million CNY',
    when: {
      all: [
        { field: 'history.priorDeclarations', op: 'eq', value: '0' },
        { field: 'totalValueCny', op: 'gt', value: '1000000' },
      ],
    },
    channel: 'yellow',
    reason: {
      'zh-CN': '企业首次申报且货值超过一百万元，人工审单',
      en: 'First declaration of the enterprise, over 1,000,000 CNY: documentary review',
    },
  },
  {
    id: 'ecommerce.medicines',
    description: 'Retail medicines in e-commerce lists are restricted to the positive list',
    when: {
      all: [
        { field: 'kind', op: 'eq', value: 'ecommerce_list' },
        { items: 'any', where: { field: 'hsCode', op: 'prefix', value: '30' } },
      ],
    },
    channel: 'yellow',
    reason: {
      'zh-CN': '跨境电商零售进口药品，核对正面清单',
      en: 'Medicines in a retail e-commerce list: check against the positive list',
    },
  },
];

import type { Issue } from '../../platform/errors/index.ts';
import {
  CONTAINER_FIELDS,
  type FieldSpec,
  HEAD_FIELDS,
  ITEM_FIELDS,
  LICENCE_FIELDS,
  MAX_ITEMS,
} from './declaration.fields.ts';
import type { DeclarationContent } from './declaration.model.ts';
import { type CheckContext, type CheckMode, crossFieldIssues } from './declaration-logic.rules.ts';

export type { CheckContext, CheckMode } from './declaration-logic.rules.ts';

const FIXED_VALUES: Record<string, readonly string[]> = {
  ieFlag: ['I', 'E'],
  declTrnRel: ['0', '1', '2', '3', '4'],
  entryType: ['0', 'L', 'W', 'D', 'M'],
  ediId: ['1', '3', '5', '6'],
  freightMark: ['1', '2', '3'],
  insuranceMark: ['1', '2', '3'],
  otherMark: ['1', '2', '3'],
  lclFlag: ['0', '1'],
};

/**
 * Every problem of a declaration at once: each field against its spec (type, size, required on
 * save or on declare), coded values against the code sets in force on the declaration's date,
 * then the cross-field logic. Pure: the reference data comes in as a parameter.
 */
export function checkDeclaration(content: DeclarationContent, mode: CheckMode, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  issues.push(
    ...checkFields(content.head as Record<string, string | undefined>, HEAD_FIELDS, 'head', mode, ctx),
  );
  if (content.items.length > MAX_ITEMS)
    issues.push({ path: 'items', rule: 'too_many_items', params: { maximum: MAX_ITEMS } });
  if (mode === 'declare' && content.items.length === 0) issues.push({ path: 'items', rule: 'no_items' });
  content.items.forEach((item, i) => {
    issues.push(
      ...checkFields(item as Record<string, string | undefined>, ITEM_FIELDS, `items[${i}]`, mode, ctx),
    );
  });
  content.containers.forEach((c, i) => {
    issues.push(
      ...checkFields(
        c as Record<string, string | undefined>,
        CONTAINER_FIELDS,
        `containers[${i}]`,
        mode,
        ctx,
      ),
    );
  });
  content.licences.forEach((l, i) => {
    issues.push(
      ...checkFields(l as Record<string, string | undefined>, LICENCE_FIELDS, `licences[${i}]`, mode, ctx),
    );
  });
  // Cross-field logic only reads fields that passed their own checks, so one mistake is told once.
  const bad = new Set(issues.map((issue) => issue.path));
  issues.push(...crossFieldIssues(content, mode, ctx, (path) => bad.has(path)));
  return issues;
}

function checkFields(
  values: Record<string, string | undefined>,
  specs: readonly FieldSpec[],
  prefix: string,
  mode: CheckMode,
  ctx: CheckContext,
): Issue[] {
  const issues: Issue[] = [];
  for (const spec of specs) {
    const path = `${prefix}.${spec.name}`;
    const value = values[spec.name];
    if (value === undefined || value === '') {
      const required = mode === 'save' ? spec.requiredOnSave : spec.requiredOnDeclare;
      if (required) issues.push({ path, rule: 'required', params: { element: spec.element } });
      continue;
    }
    const problem = formatProblem(spec, value) ?? codeProblem(spec, value, ctx);
    if (problem) issues.push({ path, ...problem });
  }
  return issues;
}

/** Type and size as the DecMessage spec gives them. */
export function formatProblem(spec: FieldSpec, value: string): Omit<Issue, 'path'> | undefined {
  switch (spec.type) {
    case 'String':
      if ([...value].length > spec.length) return { rule: 'too_long', params: { maximum: spec.length } };
      break;
    case 'Integer':
      if (!/^\d+$/.test(value) || value.length > spec.length)
        return { rule: 'integer', params: { digits: spec.length } };
      break;
    case 'Decimal': {
      const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
      const whole = spec.length - spec.scale;
      if (
        !match ||
        match[1]!.replace(/^0+(?=\d)/, '').length > whole ||
        (match[2]?.length ?? 0) > spec.scale
      ) {
        return { rule: 'decimal', params: { whole, scale: spec.scale } };
      }
      break;
    }
    case 'Date':
      if (!isCompactDate(value)) return { rule: 'date_yyyymmdd' };
      break;
  }
  const fixed = FIXED_VALUES[spec.name];
  if (fixed && !fixed.includes(value)) return { rule: 'enum', params: { values: fixed.join(', ') } };
  return undefined;
}

function codeProblem(spec: FieldSpec, value: string, ctx: CheckContext): Omit<Issue, 'path'> | undefined {
  switch (spec.codeSet) {
    case undefined:
      return undefined;
    case 'countryIso':
      return ctx.codes.countryFromIso(value, ctx.onDate)
        ? undefined
        : { rule: 'unknown_code', params: { codeSet: 'country', code: value, onDate: ctx.onDate } };
    case 'currencyIso':
      return ctx.codes.currencyFromIso(value, ctx.onDate)
        ? undefined
        : { rule: 'unknown_code', params: { codeSet: 'currency', code: value, onDate: ctx.onDate } };
    default: {
      const reason = ctx.codes.check(spec.codeSet, value, ctx.onDate);
      return reason ? { rule: reason.rule, params: reason.params } : undefined;
    }
  }
}

export function isCompactDate(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

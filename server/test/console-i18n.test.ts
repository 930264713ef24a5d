import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../../console/src/i18n/en/index.ts';
import { zhCN } from '../../console/src/i18n/zh-CN/index.ts';
import { LIFECYCLE_ACTIONS } from '../src/modules/clearance/index.ts';
import { CEB_REASON_RULES } from '../src/modules/ecommerce/index.ts';
import { EXPLANATION_CODES, explanationParams } from '../src/modules/tariff/index.ts';

// The console's two catalogues stay in step, and its screens say nothing that bypasses them.
const CONSOLE_SRC = fileURLToPath(new URL('../../console/src/', import.meta.url));
const SERVER_SRC = fileURLToPath(new URL('../src/', import.meta.url));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string, keep = (name: string) => name.endsWith('.tsx')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sources(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

const hasKey = (key: string) => key in zhCN;

// What the server writes into the audit trail: `action: 'x.y'` (also either side of a `? :`), the
// identity service's `this.change(…, 'identity.user.…')`, `recordType: 'x'`, and the declaration's
// lifecycle steps as `declaration.<step>`.
function auditCodes(): { actions: Set<string>; recordTypes: Set<string> } {
  const actions = new Set<string>(LIFECYCLE_ACTIONS.map((step) => `declaration.${step}`));
  const recordTypes = new Set<string>();
  const dotted = /'([a-z_]+(?:\.[a-z_]+)+)'/g;
  for (const file of sources(SERVER_SRC, (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, expression = ''] of text.matchAll(/\baction: ([^,\n]+)/g))
      for (const [, code = ''] of expression.matchAll(dotted)) actions.add(code);
    for (const [, call = ''] of text.matchAll(/this\.change\(([^\n]+)/g))
      for (const [, code = ''] of call.matchAll(dotted)) actions.add(code);
    for (const [, type = ''] of text.matchAll(/\brecordType: '([a-z_]+)'/g)) recordTypes.add(type);
  }
  return { actions, recordTypes };
}

// Text a user reads, written straight into a screen: a prop like title="…" or title: '…', or JSX text.
const LITERAL_PROP =
  /\b(?:title|label|placeholder|subTitle|description|suffix|prefix|okText|cancelText|emptyText|tooltip|alt|aria-label)(?:=|: )(['"`])([^'"`]*)\1/gu;
const JSX_TEXT = />([^<>{}()'"`=;]*)<\//gu;
const WORDS = /[A-Za-z\p{Script=Han}]/u;
// The product's name is the same in both languages.
const ALLOWED = new Set(['金关 jinguan', 'jinguan 金关']);

/** Whether a literal is text for people: it has words once `${…}` is taken out, and is no catalogue key. */
function isUntranslated(literal: string): boolean {
  const text = literal.replace(/\$\{[^}]*\}/g, '').trim();
  return WORDS.test(text) && !(literal in zhCN) && !ALLOWED.has(literal.trim());
}

describe('console text', () => {
  it('has the same keys in zh-CN and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('has text in both languages, with the same placeholders', () => {
    const wrong = Object.keys(zhCN).filter((key) => {
      const zh = zhCN[key as keyof typeof zhCN];
      const english = en[key as keyof typeof en] ?? '';
      return (
        zh.trim() === '' || english.trim() === '' || placeholders(zh).join() !== placeholders(english).join()
      );
    });
    expect(wrong).toEqual([]);
  });

  it('writes no user-facing text past the catalogues', () => {
    const found: string[] = [];
    for (const file of sources(CONSOLE_SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const [whole, ...groups] of [...text.matchAll(LITERAL_PROP), ...text.matchAll(JSX_TEXT)]) {
        if (isUntranslated(groups.at(-1) ?? ''))
          found.push(`${relative(CONSOLE_SRC, file)}: ${whole.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('has a text for every coded sentence of the duty explanation, filled only from its parameters', () => {
    const wrong = EXPLANATION_CODES.filter((code) => {
      const key = `duty.${code}`;
      if (!hasKey(key)) return true;
      const given = new Set(explanationParams(code));
      return placeholders(zhCN[key as keyof typeof zhCN]).some((name) => !given.has(name ?? ''));
    });
    expect(wrong).toEqual([]);
  });

  it('names every audit action and record type the server writes', () => {
    const { actions, recordTypes } = auditCodes();
    // The scan finds what it should: a literal, a ternary, the identity service's changes, a step.
    for (const action of ['auth.login', 'auth.locked', 'identity.user.enable', 'declaration.release'])
      expect(actions).toContain(action);
    expect(recordTypes).toContain('declaration');
    const unnamed = [
      ...[...actions].filter((a) => !hasKey(`audit.actionName.${a}`)),
      ...[...recordTypes].filter((r) => !hasKey(`audit.recordTypeName.${r}`)),
    ];
    expect(unnamed).toEqual([]);
  });

  it('names every refusal rule a CEB receipt can carry', () => {
    expect(CEB_REASON_RULES).toContain('over_return');
    expect(CEB_REASON_RULES.filter((rule) => !hasKey(`ecom.rule.${rule}`))).toEqual([]);
  });
});

import type { DeclarationContent, Fields } from '../../api/types.ts';
import { type FieldDef, fieldLabel, HEAD_FIELDS, ITEM_FIELDS } from '../declarations/form/fields.ts';

export interface FieldChange {
  key: string;
  /** 0 for the header, else the item's position (1-based). */
  item: number;
  field: string;
  from: string | undefined;
  to: string | undefined;
  /** The item exists only in the proposal (added) or only in the declaration (removed). */
  itemChange?: 'added' | 'removed';
}

function changedFields(
  defs: FieldDef[],
  from: Fields | undefined,
  to: Fields | undefined,
  item: number,
  lang: string,
): FieldChange[] {
  const known = new Set(defs.map((d) => d.name));
  const extra = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])].filter(
    (name) => !known.has(name),
  );
  const names = [...defs.map((d) => d.name), ...extra].filter((name) => name !== 'itemNo');
  const itemChange = !from ? 'added' : !to ? 'removed' : undefined;
  return names
    .filter((name) => (from?.[name] ?? '') !== (to?.[name] ?? ''))
    .map((name) => {
      const def = defs.find((d) => d.name === name);
      return {
        key: `${item}.${name}`,
        item,
        field: def ? fieldLabel(def, lang) : name,
        from: from?.[name],
        to: to?.[name],
        ...(itemChange ? { itemChange } : {}),
      };
    });
}

/** What an amendment would change: header fields, then each item's fields, in form order. Pure. */
export function contentChanges(
  current: DeclarationContent,
  proposed: DeclarationContent,
  lang: string,
): FieldChange[] {
  const head = changedFields(HEAD_FIELDS, current.head, proposed.head, 0, lang);
  const count = Math.max(current.items.length, proposed.items.length);
  const items = Array.from({ length: count }, (_, i) =>
    changedFields(ITEM_FIELDS, current.items[i], proposed.items[i], i + 1, lang),
  );
  return [...head, ...items.flat()];
}

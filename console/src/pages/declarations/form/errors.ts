import type { ErrorDetail } from '../../../api/client.ts';

export type FieldPath = (string | number)[];

/**
 * Turns an API error path into the form field it names:
 * `body.content.items[0].total` → `['items', 0, 'total']`, `body.content.head.iePort` → `['head', 'iePort']`.
 */
export function fieldPath(apiPath: string): FieldPath | undefined {
  const rest = apiPath.replace(/^body\./, '').replace(/^content\./, '');
  if (!/^(head|items)\b/.test(rest)) return undefined;
  const parts: FieldPath = [];
  for (const match of rest.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) parts.push(Number(match[2]));
    else if (match[1] !== undefined) parts.push(match[1]);
  }
  return parts;
}

/** The message without the path the server puts in front of it (the field already shows where). */
export function fieldMessage(detail: ErrorDetail): string {
  const prefix = `${detail.path}: `;
  return detail.message.startsWith(prefix) ? detail.message.slice(prefix.length) : detail.message;
}

/** Groups details into those shown next to a field and those shown above the form. */
export function splitDetails(details: ErrorDetail[]) {
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const general: ErrorDetail[] = [];
  for (const detail of details) {
    const name = fieldPath(detail.path);
    if (!name || name.length < 2) {
      general.push(detail);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fieldMessage(detail));
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], general };
}

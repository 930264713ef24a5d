import type { Issue } from '../../errors/index.ts';
import type { XmlElement } from './xml-element.ts';

/**
 * One field of a message element, in the shape of the standards' field lists
 * (`ceb-message-fields.json`: name, required, in sequence order).
 */
export interface FieldSpec {
  name: string;
  required: boolean;
  /** May occur more than once (`InventoryList` 1..n). */
  repeatable?: boolean;
  /** Longest text allowed, in characters (`C..60`). */
  maxLength?: number;
  /** Exact length (`C36`). */
  length?: number;
  /** Checks for the children of a structured field. */
  fields?: readonly FieldSpec[];
}

/**
 * Checks an element's children against an ordered field list and returns every issue at once,
 * each with its XPath-like path: unknown elements, wrong order (the official schemas are XSD
 * sequences), repeats, missing or empty required fields, lengths. Gateways add their own
 * value rules on top.
 */
export function checkFields(element: XmlElement, spec: readonly FieldSpec[]): Issue[] {
  const issues: Issue[] = [];
  checkInto(issues, element, spec);
  return issues;
}

// Field positions by name, made once per spec (specs are module constants, checked per document).
const positions = new WeakMap<readonly FieldSpec[], Map<string, number>>();

function positionsOf(spec: readonly FieldSpec[]): Map<string, number> {
  let position = positions.get(spec);
  if (!position) {
    position = new Map(spec.map((field, index) => [field.name, index]));
    positions.set(spec, position);
  }
  return position;
}

function checkInto(issues: Issue[], element: XmlElement, spec: readonly FieldSpec[]): void {
  const position = positionsOf(spec);
  // Occurrences of each field, by its place in the spec.
  const seen = new Array<number>(spec.length).fill(0);
  let lastIndex = -1;
  let lastName = '';
  for (const child of element.children) {
    const index = position.get(child.local);
    if (index === undefined) {
      issues.push({ path: child.path, rule: 'unknown_field' });
      continue;
    }
    const field = spec[index]!;
    const count = ++seen[index]!;
    if (count > 1 && !field.repeatable) issues.push({ path: child.path, rule: 'repeated' });
    if (index < lastIndex) issues.push({ path: child.path, rule: 'order', params: { after: lastName } });
    else {
      lastIndex = index;
      lastName = field.name;
    }
    if (field.fields) checkInto(issues, child, field.fields);
    else {
      const issue = checkText(child, field);
      if (issue) issues.push(issue);
    }
  }
  const prefix = element.name.includes(':') ? `${element.name.split(':')[0]}:` : '';
  for (const [index, field] of spec.entries()) {
    if (field.required && seen[index] === 0) {
      issues.push({ path: `${element.path}/${prefix}${field.name}`, rule: 'required' });
    }
  }
}

function checkText(child: XmlElement, field: FieldSpec): Issue | undefined {
  if (child.children.length > 0) return { path: child.path, rule: 'type', params: { expected: 'text' } };
  const length = characters(child.text);
  if (field.required && length === 0) return { path: child.path, rule: 'required' };
  if (field.length !== undefined && length > 0 && length !== field.length) {
    return { path: child.path, rule: 'length', params: { length: field.length } };
  }
  if (field.maxLength !== undefined && length > field.maxLength) {
    return { path: child.path, rule: 'too_long', params: { maximum: field.maxLength } };
  }
  return undefined;
}

/** Length in characters (code points), as the standards count it: a surrogate pair is one. */
function characters(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** Field lists as the standards' JSON gives them (`{ name, required }` in order) become specs. */
export function fieldSpecsOf(fields: readonly { name: string; required: boolean }[]): FieldSpec[] {
  return fields.map(({ name, required }) => ({ name, required }));
}

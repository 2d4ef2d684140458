import type { Rule, RuleCondition, RuleOperator } from '../types.ts';

export type DraftCondition = {
  id: string;
  field: string;
  /** The field is an attribute typed by hand (not one of the known keys). */
  otherAttribute: boolean;
  op: RuleOperator;
  text: string;
  list: string[];
};
export type DraftRule = { operator: 'all' | 'any'; conditions: DraftCondition[] };

export const STANDARD_FIELDS: [string, string][] = [
  ['email', 'E-mail'],
  ['title', 'Title'],
  ['department', 'Department'],
  ['organizationId', 'Organization'],
];
export const OPERATORS: [RuleOperator, string][] = [
  ['equals', 'is'],
  ['not_equals', 'is not'],
  ['contains', 'contains'],
  ['starts_with', 'starts with'],
  ['ends_with', 'ends with'],
  ['in', 'is one of'],
  ['is_empty', 'is empty'],
  ['is_not_empty', 'is not empty'],
];
export const operatorWords = (op: RuleOperator) => OPERATORS.find(([o]) => o === op)?.[1] ?? op;

const ATTRIBUTE_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
export const noValue = (op: RuleOperator) => op === 'is_empty' || op === 'is_not_empty';

let nextId = 0;
const newId = () => `c${++nextId}`;

export function newCondition(): DraftCondition {
  return { id: newId(), field: 'department', otherAttribute: false, op: 'equals', text: '', list: [] };
}

export function draftOf(rule: Rule | null): DraftRule {
  if (!rule) return { operator: 'all', conditions: [newCondition()] };
  return {
    operator: rule.operator,
    conditions: rule.conditions.map((c) => ({
      id: newId(),
      field: c.field,
      otherAttribute: false,
      op: c.op,
      text: typeof c.value === 'string' ? c.value : '',
      list: Array.isArray(c.value) ? c.value : [],
    })),
  };
}

/** The problem with a condition, or undefined when it is complete. */
export function conditionProblem(c: DraftCondition): string | undefined {
  if (c.field.startsWith('attributes.')) {
    if (!ATTRIBUTE_KEY.test(c.field.slice('attributes.'.length)))
      return 'An attribute name starts with a letter and has only letters, digits and _.';
  } else if (!STANDARD_FIELDS.some(([f]) => f === c.field)) return 'Choose a field.';
  if (noValue(c.op)) return undefined;
  if (c.op === 'in') return c.list.length ? undefined : 'Add at least one value.';
  return c.text.trim() ? undefined : 'Enter a value.';
}

/** The rule to save or preview, or null while a condition is incomplete. */
export function ruleOf(draft: DraftRule): Rule | null {
  if (draft.conditions.length === 0 || draft.conditions.some((c) => conditionProblem(c))) return null;
  return {
    operator: draft.operator,
    conditions: draft.conditions.map((c): RuleCondition => {
      if (noValue(c.op)) return { field: c.field, op: c.op };
      if (c.op === 'in') return { field: c.field, op: c.op, value: c.list };
      return { field: c.field, op: c.op, value: c.text.trim() };
    }),
  };
}

import { z } from 'zod';

/** Contact fields a user-group rule may test (permission-model §3), plus `attributes.<key>`. */
export const RULE_FIELDS = ['email', 'title', 'department', 'organizationId'] as const;
export const RULE_OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'starts_with',
  'ends_with',
  'in',
  'is_empty',
  'is_not_empty',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

const ATTRIBUTE_FIELD = /^attributes\.[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
export const isRuleField = (field: string) =>
  (RULE_FIELDS as readonly string[]).includes(field) || ATTRIBUTE_FIELD.test(field);

const Value = z.string().max(500);

export const RuleCondition = z
  .strictObject({
    field: z.string().refine(isRuleField, {
      message: `unknown field: use ${RULE_FIELDS.join(', ')} or attributes.<key>`,
    }),
    op: z.enum(RULE_OPERATORS),
    value: z.union([Value, z.array(Value).min(1).max(200)]).optional(),
  })
  .superRefine((condition, ctx) => {
    const { op, value } = condition;
    if (op === 'is_empty' || op === 'is_not_empty') {
      if (value !== undefined)
        ctx.addIssue({ code: 'custom', path: ['value'], message: `${op} takes no value` });
    } else if (op === 'in') {
      if (!Array.isArray(value))
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'in takes a list of values' });
    } else if (typeof value !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${op} takes one text value` });
    }
  });
export type RuleCondition = z.infer<typeof RuleCondition>;

/**
 * A rule is evaluated in the database (portico_rule_matches in migrations/0002), the one place
 * that decides rule membership; this schema only guards what may be stored.
 */
export const Rule = z.strictObject({
  operator: z.enum(['all', 'any']),
  conditions: z.array(RuleCondition).min(1).max(25),
});
export type Rule = z.infer<typeof Rule>;

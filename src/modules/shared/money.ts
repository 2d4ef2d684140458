import { z } from 'zod';

// Every amount is integer cents in the currency of its record: the organization's when it was
// written (a trigger of migration 0024 sets it; docs/billing.md).

/** An ISO 4217 code, next to every amount in the API. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .describe('ISO 4217 code of the amounts.');

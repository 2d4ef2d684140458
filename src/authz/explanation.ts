import type { ScopeLevel } from '../db/schema.ts';
import type { Module, Privilege } from './privileges.ts';

/**
 * The vocabulary of explain (permission-model §8): for a contact and a record, every path that
 * grants each action and the first reason that denies it, in words and as data. Each resource's
 * file gives its own explain form (tickets.ts, records.ts) beside its condition and bulk forms;
 * the gates before any path (contacts.ts) are shared.
 *
 * The verdict (`allowed`) is never decided by an explain form: it is what enforcement answers,
 * from the same actor a portal request gets (actor.ts), the same SQL conditions and the same
 * ability rules. The facts gathered with SQL only say why. Should the facts ever fail to account
 * for the verdict, the answer says so (`unexplained`) instead of inventing a reason.
 */

export type PathKind = 'own' | 'participant' | 'scope' | 'grant' | 'public' | 'group';
export type AccessPath = { kind: PathKind; level: ScopeLevel; text: string; data: Record<string, unknown> };
export type DenialReason =
  | 'contact_disabled'
  | 'no_portal_login'
  | 'module_not_usable'
  | 'privilege_missing'
  | 'private_ticket'
  | 'draft'
  | 'not_published'
  | 'not_public'
  | 'not_reached'
  | 'read_only'
  | 'unexplained';
export type Denial = { reason: DenialReason; text: string; data: Record<string, unknown> };
export type ActionExplanation = { action: string; allowed: boolean; paths: AccessPath[]; denial?: Denial };

/** What an action needs before any path counts (model order: modules, then privileges). */
export type ActionNeeds = { modules: Module[]; privileges: Privilege[] };

/** Joins the verdict with the explanation; a verdict the facts cannot account for is flagged. */
export function settle(
  action: string,
  allowed: boolean,
  paths: AccessPath[],
  denial: Denial | undefined,
  cannot: string,
): ActionExplanation {
  if (allowed && paths.length > 0 && !denial) return { action, allowed, paths };
  if (!allowed && denial) return { action, allowed, paths: [], denial };
  const text = `${allowed ? 'allowed' : cannot}: the facts found do not account for the decision; please report this`;
  return { action, allowed, paths: allowed ? paths : [], denial: { reason: 'unexplained', text, data: {} } };
}

export const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : null);

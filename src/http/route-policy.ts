import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Module, Privilege } from '../authz/privileges.ts';

/** Who may call a route: nobody is let through by default. */
export type Audience = 'public' | 'staff' | 'portal';

export type RoutePolicy = {
  audience: Audience;
  /** staff routes: only admins (agents get 403). */
  adminOnly?: boolean;
  /** portal routes: the privilege the contact's group must hold (403 without it). */
  privilege?: Privilege;
  /** portal routes: the module they belong to; a contact that may not use it gets 404. */
  module?: Module;
  /**
   * A sensitive action (impersonation, API tokens, sign-in settings, erasing a contact): a cookie
   * session must have given its password or second factor within the last 5 minutes (403
   * `step_up_required` otherwise; POST …/session/step-up re-authenticates).
   */
  stepUp?: boolean;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

// Routes registered by the API docs plugin serve static documentation only.
const DOCS_PREFIX = '/api/docs';

/** Refuses to start an app with a route that does not declare its audience. */
export function requireRoutePolicies(app: FastifyInstance, inventory: RouteOptions[]): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(DOCS_PREFIX)) {
      route.config = { ...(route.config as object), policy: { audience: 'public' } };
    }
    const policy = (route.config as { policy?: RoutePolicy } | undefined)?.policy;
    if (!policy) throw new Error(`Route ${String(route.method)} ${route.url} declares no policy`);
    inventory.push(route);
  });
}

/** The policies routes declare (`config: STAFF`, …): one spelling each, so a grep finds every use. */
export const PUBLIC = { policy: { audience: 'public' as const } };
export const STAFF = { policy: { audience: 'staff' as const } };
export const ADMIN = { policy: { audience: 'staff' as const, adminOnly: true } };
export const PORTAL = { policy: { audience: 'portal' as const } };
/** The same audiences for a sensitive action (step-up). */
export const STAFF_STEP_UP = { policy: { audience: 'staff' as const, stepUp: true } };
export const ADMIN_STEP_UP = { policy: { audience: 'staff' as const, adminOnly: true, stepUp: true } };
export const PORTAL_STEP_UP = { policy: { audience: 'portal' as const, stepUp: true } };

/** A portal route of a module: 404 for a contact that may not use the module, 403 without the privilege. */
export const portalRoute = (module: Module, privilege: Privilege) => ({
  policy: { audience: 'portal' as const, module, privilege },
});

import type { Privilege } from '../../authz/privileges.ts';

/** Every route of this module is a portal route of module `tickets`: 404 for a contact that may not use it. */
export const portal = (privilege: Privilege) => ({
  policy: { audience: 'portal' as const, module: 'tickets' as const, privilege },
});

export const tags = ['portal tickets'];

import type { Privilege } from '../../authz/privileges.ts';
import { portalRoute } from '../../http/route-policy.ts';

/** Every route of this module is a portal route of module `tickets`: 404 for a contact that may not use it. */
export const portal = (privilege: Privilege) => portalRoute('tickets', privilege);

export const tags = ['portal tickets'];

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { PORTAL } from '../../http/route-policy.ts';
import { runContactChange } from '../portal-shared/change.ts';
import { notificationPreferences, setNotificationPreferences } from './notifications.ts';
import { NotificationPreferences } from './schema.ts';

// Any signed-in contact decides what it is mailed about: the mail itself follows the scope.
const config = PORTAL;
const tags = ['portal account'];
const url = '/api/portal/account/notifications';

const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    url,
    {
      config,
      schema: {
        tags,
        description: "The contact's e-mail notification preferences (default: my tickets, at once).",
        response: { 200: NotificationPreferences },
      },
    },
    async (request) => notificationPreferences(app.db, requireContact(request)),
  );

  app.put(
    url,
    {
      config,
      schema: {
        tags,
        description:
          'Sets both preferences; an unknown value or field is 422 with its path. Mail goes only about ' +
          'tickets the contact may see when it is sent (permission model §9).',
        body: NotificationPreferences,
        response: { 200: NotificationPreferences },
      },
    },
    async (request) =>
      runContactChange(app, request, (trx, actor) =>
        setNotificationPreferences(trx, actor, request.body, request.ip),
      ),
  );
};

export default notificationRoutes;

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { ChangePasswordBody } from './schema.ts';
import { changeOwnPassword } from './service.ts';

const config = { policy: { audience: 'portal' as const, privilege: 'account.change_password' as const } };

const passwordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/api/portal/me/password',
    {
      config,
      schema: {
        tags: ['portal account'],
        description:
          'Needs account.change_password. A wrong current password is 422 on body.currentPassword and ' +
          'counts as a failed sign-in (429 once blocked). Ends every other session of the contact.',
        body: ChangePasswordBody,
      },
    },
    async (request, reply) => {
      await changeOwnPassword(app, requireContact(request), request.body, request.ip);
      return reply.status(204).send();
    },
  );
};

export default passwordRoutes;

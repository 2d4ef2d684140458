// Issue 13 §5 (permission-model §6a): a teacher adds a colleague as a participant of a private
// ticket from the portal's "People on this ticket", and the colleague, who could not see it
// before, finds it among its own tickets and answers it.
import { describe, expect, it } from 'vitest';
import type { TicketDetail } from '../../src/web/portal/types.ts';
import { apiOf, signInApi } from './support/api.ts';
import { hasText, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';

const browser = useBrowser();
const CARLOS = 'carlos.mendes@almond.shoestring.example';

describe('ticket participants', () => {
  it('a teacher adds a colleague as a participant and the colleague sees and answers it', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'portal', PEOPLE.tom);
    const tom = apiOf(context, 'portal');
    const subject = `Projector lamp ${RUN}`;
    const ticket = await tom.post<TicketDetail>('/api/portal/tickets', { subject, private: true });
    const carlos = await signInApi('portal', CARLOS);
    try {
      expect((await carlos.api.send('GET', `/api/portal/tickets/${ticket.id}`)).status(), 'before').toBe(404);

      await page.goto(`/portal/tickets/${ticket.id}`);
      const people = await shown(page.getByRole('region', { name: 'People on this ticket' }));
      await people.getByRole('combobox', { name: 'Add a person' }).fill('Carlos');
      await (await shown(page.getByRole('option', { name: /Carlos Mendes/ }))).click();
      await people.getByRole('button', { name: 'Add participant' }).click();
      await hasText(people.getByRole('list', { name: 'Participants' }), 'Carlos Mendes');
      await hasText(people, 'added by Tom Becker');

      // The colleague, in a browser of its own: the ticket is among its tickets; it answers.
      const other = await browser.tab(DESKTOP);
      await signIn(other.page, 'portal', CARLOS);
      await other.page.goto('/portal/tickets?view=mine&status=open');
      await (await shown(other.page.getByRole('link', { name: subject }))).click();
      await shown(other.page.getByRole('heading', { name: subject }));
      await other.page.getByLabel('Your reply').fill(`I can bring a spare lamp ${RUN}`);
      await other.page.getByRole('button', { name: 'Send reply' }).click();
      await hasText(other.page.locator('main'), `I can bring a spare lamp ${RUN}`);

      const comments = await tom.get<{ items: { body: string; author: { name: string } }[] }>(
        `/api/portal/tickets/${ticket.id}/comments`,
      );
      expect(comments.items.map((c) => `${c.author.name}: ${c.body}`)).toContain(
        `Carlos Mendes: I can bring a spare lamp ${RUN}`,
      );
    } finally {
      await carlos.dispose();
    }
  });
});

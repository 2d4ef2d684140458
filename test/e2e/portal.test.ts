// The customer portal's main journeys in a real browser against a real server: what each person
// sees, checked again through the API with the same session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Attachment,
  Comment,
  Invoice,
  Me,
  TicketDetail,
  TicketSummary,
} from '../../src/web/portal/types.ts';
import { apiOf, signInApi, type Api } from './support/api.ts';
import {
  hasText,
  navigate,
  navLabels,
  screenshot,
  settled,
  shown,
  signIn,
  useBrowser,
} from './support/browser.ts';
import { DESKTOP, PEOPLE, PHONE } from './support/env.ts';
import { chooseView, listOf, PNG, ticketIdOf, ticketIdsIn } from './support/portal.ts';

const browser = useBrowser();

let staff: { api: Api; dispose(): Promise<void> };
beforeAll(async () => {
  staff = await signInApi('staff', PEOPLE.admin);
});
afterAll(async () => {
  await staff?.dispose();
});

/** A staff-side search for a ticket by its subject (the staff API sees every ticket). */
async function staffTicket(subject: string): Promise<{ id: string; number: number; subject: string }> {
  const page = await staff.api.get<{ items: { id: string; number: number; subject: string }[] }>(
    `/api/staff/tickets?q=${encodeURIComponent(subject)}&limit=10`,
  );
  const ticket = page.items.find((t) => t.subject === subject);
  if (!ticket) throw new Error(`No ticket "${subject}" in the demo data`);
  return ticket;
}

const PROJECTOR = 'Projector in room 12 flickers'; // Tom Becker's, Almond School
/** Set by journey b, checked by journey c: Linda's reply on Tom's ticket. */
let lindasReply: string | undefined;

describe('customer portal journeys', () => {
  it('a. an own-tickets contact opens a ticket with a file and sees only its own tickets (phone)', async () => {
    // Tom Becker: "School Staff", i.e. the system group Limited plus file uploads, own tickets only.
    // (Limited itself has no attachments.upload: Rachel Nguyen's form has no file field.)
    const { page, context } = await browser.tab(PHONE);
    await signIn(page, 'portal', PEOPLE.tom);
    await shown(page.getByRole('heading', { name: 'Tickets', level: 1 }));
    const views = await page.getByLabel('View', { exact: true }).locator('option').allInnerTexts();
    expect(views).toEqual(['My open tickets', 'My tickets', 'My closed tickets']);

    await page.getByRole('link', { name: 'New ticket' }).click();
    await shown(page.getByRole('heading', { name: 'New ticket', level: 1 }));
    const subject = 'Smartboard pen stopped writing in room 12';
    const fileName = 'smartboard-pen.png';
    await page.getByLabel('Subject', { exact: true }).fill(subject);
    await page
      .getByLabel('Description', { exact: true })
      .fill('The pen of the smartboard draws nothing since this morning. New batteries did not help.');
    await page.getByLabel('Files', { exact: true }).setInputFiles({
      name: fileName,
      mimeType: 'image/png',
      buffer: PNG,
    });
    await shown(page.getByText(fileName));
    await page.getByRole('button', { name: 'Create ticket' }).click();

    // The new ticket's page: its subject, "opened by you", the file.
    await shown(page.getByRole('heading', { name: subject, level: 1 }));
    await hasText(page.locator('.page-subtitle'), 'opened by you');
    const files = page.getByRole('region', { name: 'Files' });
    await shown(files.getByRole('link', { name: fileName }));
    const id = ticketIdOf(page);

    const api = apiOf(context, 'portal');
    const me = await api.get<Me>('/api/portal/me');
    const ticket = await api.get<TicketDetail>(`/api/portal/tickets/${id}`);
    expect(ticket).toMatchObject({ subject, status: 'open', private: false });
    expect(ticket.requester.id).toBe(me.contact.id);
    const attachments = await api.all<Attachment>(`/api/portal/tickets/${id}/attachments`);
    expect(attachments.map((a) => a.filename)).toEqual([fileName]);
    const download = await api.send('GET', `/api/portal/attachments/${attachments[0]!.id}`);
    expect(download.status()).toBe(200);
    expect(Buffer.compare(await download.body(), PNG)).toBe(0);

    // Back to the list: exactly what the API gives this contact, all of it his own.
    await page.getByRole('link', { name: 'Back to Tickets' }).click();
    const open = await listOf(page, 'My open tickets');
    await shown(open.getByRole('link', { name: subject }));
    const mineOpen = await api.all<TicketSummary>('/api/portal/tickets?view=mine&status=open');
    expect((await ticketIdsIn(page, open)).sort()).toEqual(mineOpen.map((t) => t.id).sort());
    await screenshot(page, 'portal-tickets-phone', { fullPage: true });

    const all = await chooseView(page, 'My tickets');
    const mineAll = await api.all<TicketSummary>('/api/portal/tickets?view=mine&status=all');
    expect((await ticketIdsIn(page, all)).sort()).toEqual(mineAll.map((t) => t.id).sort());
    expect(mineAll.length).toBeGreaterThan(1);
    expect(mineAll.every((t) => t.requester.id === me.contact.id)).toBe(true);
    // Nobody else's ticket is listed ("From …" marks a colleague's), and one by address is not found.
    expect(await all.getByText(/^From /).count()).toBe(0);
    const colleagues = await staffTicket('Library checkout scanner not reading barcodes');
    expect(mineAll.some((t) => t.id === colleagues.id)).toBe(false);
    await page.goto(`/portal/tickets/${colleagues.id}`);
    await shown(page.getByText('This ticket could not be found.'));
    expect((await api.send('GET', `/api/portal/tickets/${colleagues.id}`)).status()).toBe(404);
  });

  it('b. the Almond super customer opens "All open group cases" and replies to a colleague\'s ticket (phone)', async () => {
    const { page, context } = await browser.tab(PHONE);
    await signIn(page, 'portal', PEOPLE.linda);
    const list = await chooseView(page, 'All open group cases');
    expect(page.url()).toMatch(/view=groups&status=open/);

    const api = apiOf(context, 'portal');
    const groupOpen = await api.all<TicketSummary>('/api/portal/tickets?view=groups&status=open');
    expect((await ticketIdsIn(page, list)).sort()).toEqual(groupOpen.map((t) => t.id).sort());
    const me = await api.get<Me>('/api/portal/me');
    expect(groupOpen.some((t) => t.requester.id !== me.contact.id)).toBe(true);

    const item = list.getByRole('listitem').filter({ has: page.getByRole('link', { name: PROJECTOR }) });
    await hasText(item, 'From Tom Becker');
    await screenshot(page, 'portal-group-tickets-phone');
    await item.getByRole('link', { name: PROJECTOR }).click();
    await shown(page.getByRole('heading', { name: PROJECTOR, level: 1 }));
    await hasText(page.locator('.page-subtitle'), 'opened by Tom Becker');
    const id = ticketIdOf(page);

    // The conversation loads after the heading, above the reply form: on a phone its messages push
    // the form down by most of a screen. A click while they arrive can press on "Send reply" and
    // release elsewhere (Playwright checks the target of the press only), and nothing is sent. So:
    // wait until the page has loaded, then click and wait for the server's answer to that click.
    await settled(page);
    const reply = 'We have a spare projector lamp in the office: shall I bring it to room 12?';
    await page.getByLabel('Your reply', { exact: true }).fill(reply);
    const [answer] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/portal/tickets/${id}/comments`),
      ),
      page.getByRole('button', { name: 'Send reply' }).click(),
    ]);
    expect(answer.status()).toBe(201);
    await shown(page.getByRole('status').filter({ hasText: 'Reply sent.' }));
    const conversation = page.getByRole('region', { name: 'Conversation' });
    const message = conversation.getByRole('listitem').filter({ hasText: reply });
    await hasText(message, 'Linda Park');
    await expect.poll(() => page.getByLabel('Your reply', { exact: true }).inputValue()).toBe('');

    const comments = await api.all<Comment>(`/api/portal/tickets/${id}/comments`);
    expect(comments.at(-1)).toMatchObject({ body: reply, author: { name: 'Linda Park', type: 'contact' } });
    lindasReply = reply;
    await message.scrollIntoViewIfNeeded();
    await screenshot(page, 'portal-ticket-reply-phone');
  });

  it('c. the district read-only manager opens the same ticket: no reply box, and the page says why', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'portal', PEOPLE.dana);
    const list = await chooseView(page, 'All open group cases');
    await shown(list.getByRole('link', { name: PROJECTOR }));
    await screenshot(page, 'portal-tickets-desktop');

    await page.getByLabel('Search tickets', { exact: true }).fill('Projector in room 12');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await shown(page.getByText('Showing tickets matching “Projector in room 12”, best match first.'));
    await list.getByRole('link', { name: PROJECTOR }).click();
    await shown(page.getByRole('heading', { name: PROJECTOR, level: 1 }));
    const conversation = page.getByRole('region', { name: 'Conversation' });
    if (lindasReply) await shown(conversation.getByText(lindasReply));
    await shown(conversation.getByText('You can read this ticket but not reply to it.'));
    expect(await page.getByLabel('Your reply', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send reply' }).count()).toBe(0);
    await screenshot(page, 'portal-ticket', { fullPage: true });

    // The server agrees: she may read it, not reply.
    const id = ticketIdOf(page);
    const api = apiOf(context, 'portal');
    const ticket = await api.get<TicketDetail>(`/api/portal/tickets/${id}`);
    expect(ticket.abilities.reply).toBe(false);
    const attempt = await api.send('POST', `/api/portal/tickets/${id}/comments`, { body: 'Not allowed' });
    expect(attempt.status()).toBe(403);
  });

  it('d. accounting sees Invoices and opens one; a technical contact has no Invoices, and the page is not found', async () => {
    const laura = await browser.tab(DESKTOP);
    await signIn(laura.page, 'portal', PEOPLE.laura);
    expect(await navLabels(laura.page)).toContain('Invoices');
    await navigate(laura.page, 'Invoices');
    await shown(laura.page.getByRole('heading', { name: 'Invoices', level: 1 }));
    const table = await shown(laura.page.getByRole('table', { name: 'Invoices' }));
    const invoices = await apiOf(laura.context, 'portal').all<Invoice>('/api/portal/invoices');
    expect(invoices.length).toBeGreaterThan(0);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(invoices.length);

    const invoice = invoices[0]!;
    await table.getByRole('link', { name: `Invoice ${invoice.number}`, exact: true }).click();
    await shown(laura.page.getByRole('heading', { name: `Invoice ${invoice.number}`, level: 1 }));
    await shown(laura.page.getByRole('table', { name: `Items of invoice ${invoice.number}` }));
    await shown(laura.page.getByRole('link', { name: 'Download PDF' }));
    const pdf = await apiOf(laura.context, 'portal').send('GET', `/api/portal/invoices/${invoice.id}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    const andrew = await browser.tab(DESKTOP);
    await signIn(andrew.page, 'portal', PEOPLE.andrew);
    const labels = await navLabels(andrew.page);
    expect(labels).toContain('Tickets');
    expect(labels).not.toContain('Invoices');
    await andrew.page.goto('/portal/invoices');
    await shown(andrew.page.getByRole('heading', { name: 'Page not found', level: 1 }));
    expect(await andrew.page.getByRole('table', { name: 'Invoices' }).count()).toBe(0);
    const refused = await apiOf(andrew.context, 'portal').send('GET', '/api/portal/invoices');
    expect(refused.status()).toBe(404);
  });
});

// SEARCH_LANGUAGE (db/search.ts applySearchLanguage): the stemmed half of every vector follows it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySearchLanguage } from '../../src/db/search.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createContact } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await applySearchLanguage(db(), 'english');
  await t.close();
});

/** Does the ticket's public vector match the words, in the language configured now? */
const matches = async (ticketId: string, words: string) =>
  (
    await sql<{
      hit: boolean;
    }>`select s.public @@ portico_search_query(portico_search_language(), ${words}) as hit
      from ticket_search s where s.ticket_id = ${ticketId}`.execute(db())
  ).rows[0]?.hit;

describe('search language', () => {
  it('rebuilds the vectors when it changes, and refuses an unknown one', async () => {
    const contact = await createContact(db());
    const ticket = await db()
      .insertInto('tickets')
      .values({
        subject: 'Lampen flackern',
        description: 'The lamps keep flickering',
        requester_id: contact.id,
        organization_id: contact.organization_id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('kb_articles')
      .values({ title: 'Beleuchtung', body: 'Lampen wechseln', published: true })
      .execute();
    expect(await applySearchLanguage(db(), 'english')).toBe(false);
    expect(await matches(ticket.id, 'flicker')).toBe(true);
    expect(await matches(ticket.id, 'lamp')).toBe(true);
    const articles = async (words: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from kb_article_search ks
          where ks.vector @@ portico_search_query(portico_search_language(), ${words})`.execute(db())
      ).rows[0]?.n;
    expect(await articles('lamp')).toBe(0); // english keeps 'lampen'

    // simple: no stemming, words only as written.
    expect(await applySearchLanguage(db(), 'simple')).toBe(true);
    expect(await matches(ticket.id, 'flicker')).toBe(false);
    expect(await matches(ticket.id, 'flickering')).toBe(true);
    expect(await applySearchLanguage(db(), 'german')).toBe(true);
    expect(await articles('lamp')).toBe(1); // german stems Lampen → lamp

    await expect(applySearchLanguage(db(), 'klingon')).rejects.toThrow(
      /no text search configuration 'klingon'/,
    );
    expect(await applySearchLanguage(db(), 'english')).toBe(true);
    expect(await matches(ticket.id, 'flicker')).toBe(true);
  });
});

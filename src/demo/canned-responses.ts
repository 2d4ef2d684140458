// Demo canned responses (issue 13 §6): global ones every agent sees, and one for each team there
// is when the demo is loaded (the demo's teams come before this step).
import type { DemoContext } from './util.ts';

const GLOBAL = [
  {
    title: 'Acknowledge',
    body:
      'Hello {{contact.firstName}},\n\nthank you for your message about **{{ticket.subject}}** ' +
      '(#{{ticket.number}}). We are looking into it and will get back to you soon.\n\nBest regards,\n{{agent.name}}',
  },
  {
    title: 'Resolved, please confirm',
    body:
      'Hello {{contact.firstName}},\n\nwe believe #{{ticket.number}} is fixed. Could you please:\n\n' +
      '1. check that it works for you,\n2. reply to this message if it does not.\n\n{{agent.name}}',
  },
];

export async function seedCannedResponses(ctx: DemoContext): Promise<void> {
  const teams = await ctx.trx.selectFrom('staff_teams').select(['id', 'name']).orderBy('name').execute();
  await ctx.trx
    .insertInto('canned_responses')
    .values([
      ...GLOBAL.map((c) => ({ ...c, team_id: null, created_by_staff_id: ctx.staff.admin || null })),
      ...teams.map((team) => ({
        title: `${team.name}: handing over`,
        body:
          'Hello {{contact.name}},\n\nthe ' +
          team.name +
          ' team has taken over ticket #{{ticket.number}} and will keep you posted here.\n\n{{agent.name}}',
        team_id: team.id,
        created_by_staff_id: ctx.staff.admin || null,
      })),
    ])
    .execute();
}

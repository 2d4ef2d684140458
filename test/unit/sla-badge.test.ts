// The SLA badge follows the server's warning window (SLA_WARNING_MINUTES), not a number of its own:
// a ticket due in 90 minutes is "due soon" under a 120-minute window and not under a 60-minute one.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SlaDueBadge } from '../../src/web/shared/badges.tsx';

const now = Date.parse('2026-03-02T10:00:00Z');
const inMinutes = (m: number) => new Date(now + m * 60_000).toISOString();
const tone = (dueAt: string, warningMinutes: number) =>
  /badge-(\w+)/.exec(renderToStaticMarkup(createElement(SlaDueBadge, { dueAt, warningMinutes, now })))?.[1];

describe('SlaDueBadge', () => {
  it('warns within the window it is given', () => {
    expect(tone(inMinutes(90), 120)).toBe('warning');
    expect(tone(inMinutes(90), 60)).toBe('neutral');
    expect(tone(inMinutes(30), 60)).toBe('warning');
    expect(tone(inMinutes(5), 0)).toBe('neutral');
  });

  it('shows a breach whatever the window', () => {
    expect(tone(inMinutes(-1), 0)).toBe('danger');
    expect(tone(inMinutes(-1), 600)).toBe('danger');
  });
});

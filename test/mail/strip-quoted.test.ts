// The comment body of a reply by mail: the new text only, without quoted history or signature.
import { describe, expect, it } from 'vitest';
import { stripQuoted } from '../../src/mail/inbound/strip-quoted.ts';

describe('stripQuoted', () => {
  it('cuts at "On … wrote:" and drops what follows', () => {
    const text =
      'Thanks, that fixed it.\n\nOn Mon, 7 Dec 2026 at 10:00, Support <s@x.test> wrote:\n> Try again\n> please';
    expect(stripQuoted(text)).toBe('Thanks, that fixed it.');
  });

  it('cuts at an "On …" line wrapped before "wrote:"', () => {
    const text =
      'Works now.\r\n\r\nOn Mon, 7 Dec 2026 at 10:00, Portico Support\r\n<support@x.test> wrote:\r\n> old';
    expect(stripQuoted(text)).toBe('Works now.');
  });

  it('drops > lines interleaved with the answer', () => {
    expect(stripQuoted('> Is it on?\nYes.\n> And the cable?\nPlugged in.')).toBe('Yes.\nPlugged in.');
  });

  it('cuts at the "-- " signature separator, and at a trimmed "--"', () => {
    expect(stripQuoted('See attached.\n-- \nAlice\nACME Ltd')).toBe('See attached.');
    expect(stripQuoted('See attached.\n--\nAlice')).toBe('See attached.');
  });

  it('keeps a line of dashes that is not a separator', () => {
    expect(stripQuoted('Totals\n-----\n42')).toBe('Totals\n-----\n42');
  });

  it('cuts at an Outlook "From: … Sent:" block and at "Original Message"', () => {
    const outlook =
      'Fine by me.\n\nFrom: Support <s@x.test>\nSent: Monday, 7 December 2026 10:00\nTo: Alice\nSubject: [#12] Printer';
    expect(stripQuoted(outlook)).toBe('Fine by me.');
    expect(stripQuoted('Ok.\n-----Original Message-----\nFrom: x')).toBe('Ok.');
  });

  it('keeps a "From:" line that starts no Outlook block', () => {
    expect(stripQuoted('From: the third floor\nthe printer is gone')).toBe(
      'From: the third floor\nthe printer is gone',
    );
  });

  it('keeps the whole text when stripping would leave nothing', () => {
    expect(stripQuoted('> only a quote')).toBe('> only a quote');
  });
});

// Exact money: line amounts in integer arithmetic, the one formatter, the same state words on
// screen and in the PDF.
import { describe, expect, it } from 'vitest';
import { STATE_LABELS } from '../../src/modules/invoices/state.ts';
import { amountCents, priceLines } from '../../src/modules/quotes/lines.ts';
import { formatMoney } from '../../src/web/shared/format.ts';
import { INVOICE_STATES } from '../../src/web/portal/badges.tsx';

describe('quantity × unit price', () => {
  it.each([
    // [quantity, unit price cents, cents]: where float arithmetic goes wrong, and halves.
    [0.1, 3, 0], // 0.3 cents
    [1.15, 100, 115], // 1.15 * 100 = 114.99999999999999 as a float
    [0.5, 1, 1], // half a cent rounds away from zero
    [0.5, -1, -1], // and a credit mirrors it
    [2.75, 12_000, 33_000],
    [0.29, 333, 97], // 96.57
    [999_999.99, 1e9, 99_999_999_000_000_000 / 100],
    [1.01, 5, 5], // 5.05 → 5
    [1.03, 50, 52], // 51.5 → 52
  ])('%d × %d cents = %d cents', (quantity, unit, cents) => {
    expect(amountCents(quantity, unit)).toBe(cents);
  });

  it('a total is the integer sum of its lines', () => {
    const lines = Array.from({ length: 10 }, () => ({ description: 'x', quantity: 0.1, unitPriceCents: 10 }));
    expect(priceLines(lines).totalCents).toBe(10);
  });
});

describe('formatMoney', () => {
  it('formats cents exactly with the currency, in the locale', () => {
    // The test process runs with the default locale; only the digits and the code are checked.
    expect(formatMoney(185_000, 'EUR')).toMatch(/1.?850[.,]00/);
    expect(formatMoney(185_000, 'EUR')).toMatch(/€|EUR/);
    expect(formatMoney(115, 'USD')).toMatch(/1[.,]15/);
    expect(formatMoney(-5, 'CHF')).toMatch(/-.*0[.,]05|−.*0[.,]05/);
    expect(formatMoney(2 ** 53 - 1, 'EUR')).toMatch(/90.?071.?992.?547.?409[.,]91/);
    expect(formatMoney(null, 'EUR')).toBe('—');
  });
});

describe('state words', () => {
  it('the portal badges say what the PDF prints', () => {
    for (const [state, [label]] of Object.entries(INVOICE_STATES))
      expect(label, state).toBe(STATE_LABELS[state as keyof typeof STATE_LABELS]);
    expect(Object.keys(INVOICE_STATES).sort()).toEqual(
      Object.keys(STATE_LABELS)
        .filter((s) => s !== 'draft')
        .sort(),
    );
  });
});

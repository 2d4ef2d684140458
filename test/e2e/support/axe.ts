// axe-core in the page under test: injected from node_modules (through the DevTools protocol, so
// the pages' Content-Security-Policy stays as it is), run on the whole document, and every
// violation of impact "serious" or "critical" turned into a readable failure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO } from './server.ts';

export type AxeNode = { target: string[]; html: string; failureSummary: string };
export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
};

type AxeResult = { violations: AxeViolation[] };
type AxeWindow = { axe?: { run(context: Document, options: object): Promise<AxeResult> } };

let source: string | undefined;
const axeSource = () =>
  (source ??= readFileSync(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));

/** Every axe violation on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => Boolean((window as AxeWindow).axe)))) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (window as AxeWindow).axe!;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

export const isBlocking = (v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical';

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => {
          const summary = n.failureSummary.split('\n').slice(1).join(' ').trim();
          return `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}${summary ? `\n      ${summary}` : ''}`;
        })
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length})\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

/** What every page's check records: the page, and all its violations (blocking or not). */
export const axeLog: { page: string; violations: AxeViolation[] }[] = [];

/** Fails on serious or critical violations; the milder ones are only recorded (see axeLog). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  axeLog.push({ page: name, violations });
  const blocking = violations.filter(isBlocking);
  if (blocking.length)
    throw new Error(
      `axe: ${blocking.length} serious or critical violation(s) on ${name}:\n${describeViolations(blocking)}`,
    );
}

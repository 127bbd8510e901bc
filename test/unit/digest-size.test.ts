import { buildDigest, type DigestWorkflow } from '../../src/domain/build-digest';
import type { Transition } from '../../src/domain/transition';
import { type DigestCosts, fitDigest } from '../../src/notify/email/digest-fit';
import { buildDigestMessage, DIGEST_BUDGET, REDUCED_DIGEST_BUDGET } from '../../src/notify/email/digest-message';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';

const START = Date.UTC(2026, 10, 25, 2, 0);
const END = START + 3_600_000;

function runs(count: number, options: { status?: 'FAILED' | 'COMPLETED'; workflows?: number; error?: string; workflowName?: (i: number) => string } = {}): Transition[] {
  const status = options.status ?? 'FAILED';
  return Array.from({ length: count }, (_, i) => ({
    kind: 'pendingEnded',
    detectedAt: START + i,
    execution: {
      ...(status === 'FAILED' ? sampleFailed : sampleCompleted),
      id: `run-${status}-${i}`,
      projectId: options.workflowName?.(i % (options.workflows ?? 1)) ?? `wf-${i % (options.workflows ?? 1)}`,
      error: status === 'FAILED' ? (options.error ?? `E${i}`) : null,
    },
  }));
}

const bytes = (text: string) => Buffer.byteLength(text);
const listedFailures = (text: string) => (text.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}run-FAILED-/gm) ?? []).length;
const notListed = (text: string, what: string) => Number(new RegExp(`and (?:[\\d,]+ more \\w+, )*([\\d,]+) more ${what}`).exec(text)?.[1]?.replace(/,/g, '') ?? 0);

describe('digest mail size: what is listed, and what is only counted', () => {
  it.each<[string, Transition[], number]>([
    ['5,000 failures with 1,500-character errors, one workflow, no per-workflow cap', runs(5000, { error: 'x'.repeat(1500) }), 100_000],
    ['5,000 failures with 1,500-character CJK errors over 500 workflows', runs(5000, { workflows: 500, error: '错误'.repeat(750) }), 25],
    ['errors that grow when escaped for HTML', runs(3000, { workflows: 30, error: `<'&">`.repeat(300) }), 25],
    ['20,000 workflows with one failure each: the summary table is bounded too', runs(20_000, { workflows: 20_000 }), 25],
    ['long workflow names', runs(2000, { workflows: 2000, workflowName: (i) => `wf-${i}-${'n'.repeat(2000)}` }), 25],
  ])('%s: HTML + text within the budget, every failure listed or counted', (_name, transitions, maxPerWorkflow) => {
    const digest = buildDigest(transitions, { start: START, end: END }, { maxPerWorkflow });
    const mail = buildDigestMessage(digest, 'Asia/Shanghai');
    expect(bytes(mail.html) + bytes(mail.text)).toBeLessThanOrEqual(DIGEST_BUDGET.bytes);
    const listed = listedFailures(mail.text);
    expect(listed).toBeGreaterThan(0);
    expect(listed + notListed(mail.text, 'failures')).toBe(transitions.length);
    expect(mail.text).toContain("Each one is in the bot's log");
  });

  it('a small digest lists everything and says nothing about a limit', () => {
    const digest = buildDigest([...runs(30, { workflows: 3 }), ...runs(30, { status: 'COMPLETED', workflows: 3 })], { start: START, end: END }, { maxPerWorkflow: 25 });
    const mail = buildDigestMessage(digest, 'UTC');
    expect(listedFailures(mail.text)).toBe(30);
    expect(mail.text).not.toContain('not listed here');
    expect(mail.html).not.toContain('not listed here');
  });

  it('an error is cut to 500 characters in the digest (the alert itself carries the whole text)', () => {
    const digest = buildDigest(runs(1, { error: `start ${'y'.repeat(1500)}` }), { start: START, end: END }, { maxPerWorkflow: 25 });
    const mail = buildDigestMessage(digest, 'UTC');
    expect(mail.text).toMatch(/start y+… \(truncated, \d+ more characters\)/);
    expect(mail.text).not.toContain('y'.repeat(500));
  });

  it('the reduced form: counts, the note, failures only, within its smaller budget', () => {
    const transitions = [...runs(5000, { workflows: 50, error: 'z'.repeat(1500) }), ...runs(5000, { status: 'COMPLETED', workflows: 50 })];
    const digest = buildDigest(transitions, { start: START, end: END }, { maxPerWorkflow: 25 });
    const mail = buildDigestMessage(digest, 'UTC', { refusedWith: '552' });
    expect(bytes(mail.html) + bytes(mail.text)).toBeLessThanOrEqual(REDUCED_DIGEST_BUDGET.bytes);
    expect(mail.subject).toBe('[RPA] Digest 2026-11-25 02:00–03:00 (reduced): 5000 failed, 5000 completed');
    expect(mail.text).toContain('The mail server refused the full digest (552); this reduced form has the counts and the failures only.');
    expect(mail.text).not.toContain('== Completions ==');
    expect(mail.text).toContain('5,000 more completions');
    expect(listedFailures(mail.text) + notListed(mail.text, 'failures')).toBe(5000);
  });
});

describe('fitDigest', () => {
  const costs = (entry: number): DigestCosts => ({ fixed: 100, summaryRow: () => 10, group: () => 0, entry: () => entry });
  const shown = (workflows: DigestWorkflow[]) => workflows.map((w) => `${w.failures.length}/${w.completions.length}`).join(' ');

  it.each<[string, number, number, string, { failures: number; completions: number; others: number }, number]>([
    // budget, entry cost -> listed failures/completions per workflow, not listed, workflows without a row
    ['everything fits', 10_000, 10, '2/2 2/2', { failures: 0, completions: 0, others: 0 }, 0],
    ['failures first, then completions while room is left', 800, 100, '2/2 2/0', { failures: 0, completions: 2, others: 0 }, 0],
    ['once one does not fit, the rest is counted', 500, 100, '2/0 1/0', { failures: 1, completions: 4, others: 0 }, 0],
    ['summary rows take at most half the budget: the second workflow is only counted', 230, 1, '2/2', { failures: 2, completions: 2, others: 0 }, 1],
  ])('%s', (_name, budget, entry, expected, counted, workflowsNotListed) => {
    const digest = buildDigest([...runs(4, { workflows: 2 }), ...runs(4, { status: 'COMPLETED', workflows: 2 })], { start: START, end: END }, { maxPerWorkflow: 25 });
    const fitted = fitDigest(digest, { bytes: budget, list: ['failures', 'completions', 'others'] }, costs(entry));
    expect(shown(fitted.digest.workflows)).toBe(expected);
    expect(fitted.notListed).toEqual(counted);
    expect(fitted.workflowsNotListed).toBe(workflowsNotListed);
    expect(fitted.digest.truncated).toBe(counted.failures + counted.completions > 0);
  });
});

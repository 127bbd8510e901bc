import type { Execution } from '../../src/domain/execution';
import { lightenPage, needsRecord, type RecordedState } from '../../src/domain/page-payload';

const run = (id: string, status: string): Execution => ({
  id, projectId: 'p', status, parameters: { big: 'x'.repeat(100) }, result: null, error: status === 'FAILED' ? 'boom' : null,
  execPosition: null, version: null, userId: null, startTime: null, endTime: null, startMs: 1_000, endMs: status === 'PENDING' ? null : 2_000,
});

describe('needsRecord: which records travel in full with their page', () => {
  it.each([
    // status, previously recorded, baseline poll, travels
    ['FAILED', undefined, false, true], // first seen, ended: may be news
    ['COMPLETED', 'PENDING', false, true], // ended under our eyes: news
    ['FAILED', 'ENDED', false, false], // terminal is sticky: never news again
    ['CANCELLED', 'ENDED', false, false],
    ['PENDING', undefined, false, true], // a running run: its record is kept for a STUCK alert
    ['PENDING', 'PENDING', false, true],
    ['PENDING', undefined, true, true],
    ['FAILED', undefined, true, false], // the baseline poll alerts nothing
    ['FAILED', 'PENDING', true, false],
    ['WEIRD', 'PENDING', false, true], // a status the docs do not list still ends PENDING tracking
  ] as const)('%s after %s (baseline %s): %s', (status, previous, baselinePoll, travels) => {
    expect(needsRecord(status, previous, baselinePoll)).toBe(travels);
  });
});

describe('lightenPage', () => {
  const page = [run('a', 'FAILED'), run('b', 'COMPLETED'), run('c', 'PENDING'), run('d', 'FAILED')];

  it('a run recorded as ended is left out; the others have their item, and travel in full where news can be', () => {
    const recorded = new Map<string, RecordedState>([['a', 'ENDED'], ['b', 'PENDING'], ['c', 'PENDING']]);
    const payload = lightenPage(page, recorded, false);
    expect(payload.items).toEqual([['b', 'COMPLETED', 1_000, 2_000], ['c', 'PENDING', 1_000, null], ['d', 'FAILED', 1_000, 2_000]]);
    expect(payload.records.map((e) => e.id)).toEqual(['b', 'c', 'd']);
  });

  it('an unchanged page of ended runs leaves nothing to detect', () => {
    const ended = page.filter((e) => e.status !== 'PENDING');
    expect(lightenPage(ended, new Map(ended.map((e) => [e.id, 'ENDED'])), false)).toEqual({ items: [], records: [] });
  });

  it('the baseline poll: every run has its item, only running ones travel in full', () => {
    const payload = lightenPage(page, new Map(), true);
    expect(payload.items).toHaveLength(4);
    expect(payload.records.map((e) => e.id)).toEqual(['c']);
  });

  it('without the recorded statuses (a lookup), every record travels', () => {
    expect(lightenPage(page, null, false).records).toHaveLength(4);
  });
});

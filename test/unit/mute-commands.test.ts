import { muteWorkflows, parseMuteOptions } from '../../src/cli/mute-commands';

describe('mute options', () => {
  it.each<[string, Parameters<typeof parseMuteOptions>[0], ReturnType<typeof parseMuteOptions>]>([
    ['2h', { for: '2h' }, { ok: true, forMs: 7_200_000 }],
    ['30m with a reason, trimmed', { for: '30m', reason: '  deploy ' }, { ok: true, forMs: 1_800_000, reason: 'deploy' }],
    ['statuses upper-cased, comma list', { for: '1d', status: 'failed, STUCK' }, { ok: true, forMs: 86_400_000, statuses: ['FAILED', 'STUCK'] }],
    ['an empty reason is no reason', { for: '1h', reason: ' ' }, { ok: true, forMs: 3_600_000 }],
  ])('%s', (_name, options, expected) => {
    expect(parseMuteOptions(options)).toEqual(expected);
  });

  it.each<[string, Parameters<typeof parseMuteOptions>[0], string]>([
    ['--for missing', {}, '--for is required'],
    ['not a duration', { for: '2 hours' }, '--for "2 hours" is not a duration'],
    ['zero', { for: '0h' }, '--for "0h" is not a duration'],
    ['a bare number', { for: '120' }, '--for "120" is not a duration'],
    ['a bad status', { for: '1h', status: 'FAILED;rm' }, '--status "FAILED;rm" is not a status list'],
    ['an empty status', { for: '1h', status: 'FAILED,' }, '--status "FAILED," is not a status list'],
  ])('rejects %s with one line', (_name, options, problem) => {
    const result = parseMuteOptions(options);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toContain(problem);
      expect(result.problem).not.toContain('\n');
    }
  });
});

describe('what a mute names', () => {
  const workflows = { '2008381617971200000': { name: '订单同步' }, '2008381617971200533': { name: '订单对账' }, '2008381617971200417': { name: '发票下载' } };

  it('all stays the word all', () => expect(muteWorkflows('all', workflows)).toEqual(['all']));
  it('a name listed under workflows: adds its id', () => expect(muteWorkflows('发票下载', workflows)).toEqual(['发票下载', '2008381617971200417']));
  it('a pattern adds every id it names then', () => expect(muteWorkflows('订单*', workflows)).toEqual(['订单*', '2008381617971200000', '2008381617971200533']));
  it('an id is kept once', () => expect(muteWorkflows('2008381617971200417', workflows)).toEqual(['2008381617971200417']));
  it('an unlisted id is kept as given', () => expect(muteWorkflows('p-9', workflows)).toEqual(['p-9']));
});

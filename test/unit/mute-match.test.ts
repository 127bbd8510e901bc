import { isMuted, type MutableAlert, type Mute } from '../../src/domain/mute-match';

const alert = (over: Partial<MutableAlert> = {}): MutableAlert => ({ projectId: 'p-17', workflowName: '发票下载', status: 'FAILED', at: 1000, ...over });
const mute = (id: string, workflows: string[], over: Partial<Mute> = {}): Mute => ({ id, workflows, until: 2000, ...over });

describe('isMuted', () => {
  it.each<[string, MutableAlert, Mute[], string | undefined]>([
    ['no mutes', alert(), [], undefined],
    ['all', alert(), [mute('m1', ['all'])], 'm1'],
    ['by project id', alert(), [mute('m1', ['p-17'])], 'm1'],
    ['by name', alert(), [mute('m1', ['发票下载'])], 'm1'],
    ['by glob on the name', alert(), [mute('m1', ['发票*'])], 'm1'],
    ['by glob on the id', alert(), [mute('m1', ['p-*'])], 'm1'],
    ['another workflow', alert(), [mute('m1', ['订单同步', 'p-18'])], undefined],
    ['a glob is anchored', alert(), [mute('m1', ['票*'])], undefined],
    ['case counts, as in routes', alert({ projectId: 'Orders' }), [mute('m1', ['orders'])], undefined],
    ['regex characters are literal', alert({ projectId: 'a.b' }), [mute('m1', ['a?b', 'a+b'])], undefined],
    ['a workflow without a name, matched by id', alert({ workflowName: undefined }), [mute('m1', ['p-17'])], 'm1'],
    ['expired: until is exclusive', alert({ at: 2000 }), [mute('m1', ['all'])], undefined],
    ['the last millisecond is still muted', alert({ at: 1999 }), [mute('m1', ['all'])], 'm1'],
    ['only FAILED muted: a FAILED alert', alert(), [mute('m1', ['all'], { statuses: ['FAILED'] })], 'm1'],
    ['only FAILED muted: a COMPLETED alert goes', alert({ status: 'COMPLETED' }), [mute('m1', ['all'], { statuses: ['FAILED'] })], undefined],
    ['statuses compare without case', alert({ status: 'STUCK' }), [mute('m1', ['all'], { statuses: ['stuck'] })], 'm1'],
    ['an empty status list mutes every status', alert({ status: 'STUCK' }), [mute('m1', ['all'], { statuses: [] })], 'm1'],
    ['several match: the one lasting longest', alert(), [mute('short', ['all'], { until: 1500 }), mute('long', ['p-17'], { until: 9000 }), mute('mid', ['发票*'], { until: 5000 })], 'long'],
    ['a mute listing no workflow mutes nothing', alert(), [mute('m1', [])], undefined],
  ])('%s', (_name, a, mutes, expected) => {
    expect(isMuted(a, mutes)?.id).toBe(expected);
  });

  it('hands back the caller’s own mute object, extra fields and all', () => {
    const stored = { ...mute('m1', ['all']), reason: 'host maintenance', by: 'cli' };
    expect(isMuted(alert(), [stored])).toBe(stored);
  });
});

import { parseConfigFile } from '../../src/config/config-file';
import { maintenanceLabel, maintenanceMutes, type MaintenanceRule } from '../../src/domain/maintenance-mutes';
import { isMuted } from '../../src/domain/mute-match';
import { maintenanceCheckLines, maintenanceTable } from '../../src/cli/maintenance-lines';
import { channelKinds } from '../../src/notify/channel-registry';

const known = { channelTypes: channelKinds };
const ORDERS = '2008381617971200000';
const head = `workflows:\n  "${ORDERS}": 订单同步\nmaintenance:\n`;

function parse(text: string, env: Record<string, string> = {}) {
  return parseConfigFile(text, env, known);
}

describe('maintenance: in the config file', () => {
  it('reads a window: workflows, cron, for, reason, statuses (upper-cased)', () => {
    const result = parse(`${head}  - { workflows: [订单同步, "发票*"], cron: "0 2 * * *", for: 1h, reason: nightly backup, statuses: [failed] }\n  - { workflows: all, cron: "30 3 * * 0", for: 90m }\n`);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.file.maintenance).toEqual([
      { workflows: ['订单同步', '发票*'], cron: '0 2 * * *', forMs: 3_600_000, forText: '1h', reason: 'nightly backup', statuses: ['FAILED'] },
      { workflows: ['all'], cron: '30 3 * * 0', forMs: 5_400_000, forText: '90m' },
    ]);
    // A name that names no listed workflow is likely a typo: a warning with its path, not a refusal.
    expect(result.warnings).toEqual(['maintenance[0].workflows[1]: "发票*" matches no workflow listed under workflows: (yet)']);
  });

  it('a file without maintenance: has none', () => {
    const result = parse(`workflows:\n  "${ORDERS}": 订单同步\n`);
    expect(result.ok && result.file.maintenance).toBeUndefined();
  });

  it.each<[string, string, string]>([
    ['a cron that never fires (31 February)', '{ workflows: all, cron: "0 0 31 2 *", for: 1h }', 'maintenance[0].cron: "0 0 31 2 *" never fires or is not a cron expression (Invalid explicit day of month definition); expected e.g. "0 2 * * *" (minute hour day month weekday)'],
    ['a cron that does not parse', '{ workflows: all, cron: "every night", for: 1h }', 'maintenance[0].cron: "every night" never fires or is not a cron expression'],
    ['a minute out of range', '{ workflows: all, cron: "61 2 * * *", for: 1h }', 'maintenance[0].cron: "61 2 * * *" never fires or is not a cron expression (Constraint error'],
    ['for zero', '{ workflows: all, cron: "0 2 * * *", for: 0h }', 'maintenance[0].for: "0h" is not a duration from 1m to 30d, like 1h or 30m'],
    ['for as a bare number', '{ workflows: all, cron: "0 2 * * *", for: 0 }', 'maintenance[0].for: "0" is not a duration from 1m to 30d, like 1h or 30m'],
    ['for above 30 days', '{ workflows: all, cron: "0 2 * * *", for: 31d }', 'maintenance[0].for: "31d" is not a duration from 1m to 30d, like 1h or 30m'],
    ['no for', '{ workflows: all, cron: "0 2 * * *" }', 'maintenance[0].for: required: how long each window lasts, like 1h or 30m'],
    ['no cron', '{ workflows: all, for: 1h }', 'maintenance[0].cron: required: when each window starts, like "0 2 * * *"'],
    ['no workflows', '{ cron: "0 2 * * *", for: 1h }', 'maintenance[0].workflows: required: the workflows to silence (ids, names, * patterns, or all)'],
    ['an empty workflows list', '{ workflows: [], cron: "0 2 * * *", for: 1h }', 'maintenance[0].workflows: an empty list silences nothing; name the workflows, or all'],
    ['an unknown key', '{ workflows: all, cron: "0 2 * * *", for: 1h, every: day }', 'maintenance[0].every: unknown maintenance key (known: workflows, cron, for, reason, statuses)'],
  ])('%s: refused with its path', (_name, entry, problem) => {
    const result = parse(`${head}  - ${entry}\n`);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.problems.some((line) => line.startsWith(problem))).toBe(true);
  });

  it('not a list: one problem', () => {
    const result = parse('maintenance: { cron: "0 2 * * *" }\n');
    expect(result.ok ? [] : result.problems).toEqual(['maintenance: expected a list (each item starting with "- "), got a mapping']);
  });

  it('every bad entry is reported, the good ones do not hide them', () => {
    const result = parse(`${head}  - { workflows: all, cron: "0 2 * * *", for: 1h }\n  - { workflows: all, cron: "0 0 31 2 *", for: 1h }\n  - { workflows: all, cron: "0 3 * * *", for: 45d }\n`);
    expect(result.ok ? [] : result.problems.map((line) => line.split(':')[0])).toEqual(['maintenance[1].cron', 'maintenance[2].for']);
  });
});

const rule = (over: Partial<MaintenanceRule> = {}): MaintenanceRule => ({ workflows: ['订单*'], cron: '0 2 * * *', forMs: 3_600_000, forText: '1h', ...over });
// 02:00 in Shanghai is 18:00 UTC the day before.
const inside = Date.parse('2026-11-28T18:30:00Z');
const outside = Date.parse('2026-11-28T20:00:00Z');

describe('maintenanceMutes + isMuted: a window in force mutes like a mute', () => {
  const alert = (over: Partial<{ projectId: string; workflowName: string; status: string; at: number }> = {}) => ({ projectId: ORDERS, workflowName: '订单同步', status: 'FAILED', at: inside, ...over });
  it.each<[string, MaintenanceRule[], ReturnType<typeof alert>, string, boolean]>([
    ['inside the window, by name pattern', [rule()], alert(), 'Asia/Shanghai', true],
    ['after the window', [rule()], alert({ at: outside }), 'Asia/Shanghai', false],
    ['the same instant read in UTC is outside', [rule()], alert(), 'UTC', false],
    ['another workflow', [rule()], alert({ projectId: '1', workflowName: '发票下载' }), 'Asia/Shanghai', false],
    ['by id', [rule({ workflows: [ORDERS] })], alert({ workflowName: undefined }), 'Asia/Shanghai', true],
    ['all', [rule({ workflows: ['all'] })], alert({ projectId: '1', workflowName: '发票下载' }), 'Asia/Shanghai', true],
    ['a status the window leaves out', [rule({ statuses: ['FAILED'] })], alert({ status: 'COMPLETED' }), 'Asia/Shanghai', false],
    ['a status the window names', [rule({ statuses: ['FAILED', 'STUCK'] })], alert({ status: 'stuck' }), 'Asia/Shanghai', true],
  ])('%s', (_name, rules, a, zone, muted) => {
    expect(isMuted(a, maintenanceMutes(rules, a.at, zone)) !== undefined).toBe(muted);
  });

  it('the mute lasts until the occurrence ends, and is named by cron and length', () => {
    expect(maintenanceMutes([rule({ reason: 'backup' })], inside, 'Asia/Shanghai')).toEqual([
      { kind: 'maintenance', id: 'maintenance[0]', label: '0 2 * * * (1h)', workflows: ['订单*'], until: Date.parse('2026-11-28T19:00:00Z'), reason: 'backup' },
    ]);
    expect(maintenanceLabel(rule({ cron: '*/5 * * * *', forText: '90m' }))).toBe('*/5 * * * * (90m)');
  });
});

describe('mutes and check list the windows', () => {
  it('active until the end of this occurrence, or when it next starts', () => {
    expect(maintenanceTable([rule({ reason: 'backup' }), rule({ cron: '0 4 * * *', workflows: ['all'], statuses: ['FAILED'] })], 'Asia/Shanghai', inside)).toEqual([
      '',
      'maintenance windows (config file, times in Asia/Shanghai):',
      'window\tworkflows\tstatuses\twhen\treason',
      '0 2 * * * (1h)\t订单*\tall\tactive until 2026-11-29 03:00:00 +08:00\tbackup',
      '0 4 * * * (1h)\tall\tFAILED\tnext 2026-11-29 04:00:00 +08:00\t-',
    ]);
    expect(maintenanceTable([], 'UTC', inside)).toEqual([]);
  });

  it('check: one line per window', () => {
    expect(maintenanceCheckLines([rule({ statuses: ['FAILED'], reason: 'backup' })], 'Asia/Shanghai', outside)).toEqual([
      '✓ maintenance 0 2 * * * (1h) in Asia/Shanghai: mutes 订单* (FAILED only), "backup"; next 2026-11-30 02:00:00 +08:00',
    ]);
  });
});

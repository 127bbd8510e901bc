import { workflowLabel } from '../../src/domain/workflow-label';
import { explainRoute } from '../../src/routing/explain-route';
import type { Route } from '../../src/routing/route';
import { routeAlert } from '../../src/routing/route-alert';

const ORDERS = '2008381617971200000';
const INVOICES = '2008381617971200417';
const OTHER = '2008381617971200999';

// The example of PRODUCT.md, with a route on accounts.
const routes: Route[] = [
  { match: { workflows: [INVOICES], statuses: ['FAILED', 'STUCK'] }, to: ['finance', 'ops-slack'], continue: false },
  { match: { workflows: ['订单*'] }, to: ['dingtalk'], continue: true },
  { match: { accounts: ['ops'] }, to: [], continue: false },
  { to: ['default'], continue: false },
];

describe('routeAlert', () => {
  it.each([
    ['the first match decides', { projectId: INVOICES, workflowName: '发票下载', status: 'FAILED' }, ['finance', 'ops-slack'], [0]],
    ['every given key must hold (status)', { projectId: INVOICES, workflowName: '发票下载', status: 'COMPLETED' }, ['default'], [3]],
    ['continue adds and carries on', { projectId: ORDERS, workflowName: '订单同步', status: 'FAILED' }, ['dingtalk', 'default'], [1, 3]],
    ['a glob matches a Chinese name', { projectId: ORDERS, workflowName: '订单对账', status: 'COMPLETED' }, ['dingtalk', 'default'], [1, 3]],
    ['a glob does not match by substring', { projectId: OTHER, workflowName: '旧订单', status: 'FAILED' }, ['default'], [3]],
    ['to: [] sends nothing and stops', { projectId: OTHER, status: 'FAILED', account: 'ops' }, [], [2]],
    ['continue then to: [] keeps what was added', { projectId: ORDERS, workflowName: '订单同步', status: 'FAILED', account: 'ops' }, ['dingtalk'], [1, 2]],
    ['an alert without an account never matches an accounts key', { projectId: OTHER, status: 'FAILED' }, ['default'], [3]],
    ['a status matches whatever its case', { projectId: INVOICES, status: 'stuck' }, ['finance', 'ops-slack'], [0]],
  ])('%s', (_name, alert, channels, matched) => {
    const result = routeAlert(alert, routes);
    expect(result.channels).toEqual(channels);
    expect(result.matched.map((m) => m.index)).toEqual(matched);
    expect(result.matched.map((m) => m.route)).toEqual(matched.map((i) => routes[i]));
  });

  it('sends what no route decides to default', () => {
    expect(routeAlert({ projectId: OTHER, status: 'FAILED' }, [])).toEqual({ channels: ['default'], matched: [] });
    const onlyContinue: Route[] = [{ to: ['audit'], continue: true }];
    expect(routeAlert({ projectId: OTHER, status: 'FAILED' }, onlyContinue).channels).toEqual(['audit', 'default']);
  });

  it('delivers once to a channel that several routes name', () => {
    const twice: Route[] = [
      { to: ['ops', 'finance'], continue: true },
      { match: { statuses: ['FAILED'] }, to: ['finance', 'ops', 'default'], continue: false },
    ];
    expect(routeAlert({ projectId: OTHER, status: 'FAILED' }, twice).channels).toEqual(['ops', 'finance', 'default']);
  });

  it.each([
    ['订单*', '订单同步', true],
    ['*同步', '订单同步', true],
    ['订*步', '订单同步', true],
    ['订单', '订单同步', false],
    ['*', '订单同步', true],
    ['Orders*', 'orders-sync', false],
    ['a.b*', 'axb-1', false],
    ['a.b*', 'a.b-1', true],
    ['(x)+[y]?', '(x)+[y]?', true],
    ['2008381617971200*', '—', true],
  ])('workflow pattern %s against %s: %s', (pattern, name, expected) => {
    const route: Route = { match: { workflows: [pattern] }, to: ['hit'], continue: false };
    expect(routeAlert({ projectId: ORDERS, workflowName: name, status: 'FAILED' }, [route]).channels).toEqual(expected ? ['hit'] : ['default']);
  });

  it('matches by id as well as by name, and only the whole id', () => {
    const route: Route = { match: { workflows: [ORDERS] }, to: ['hit'], continue: false };
    expect(routeAlert({ projectId: ORDERS, status: 'FAILED' }, [route]).channels).toEqual(['hit']);
    expect(routeAlert({ projectId: `${ORDERS}1`, status: 'FAILED' }, [route]).channels).toEqual(['default']);
  });
});

describe('workflowLabel', () => {
  it('shows the name and the id, or the id alone', () => {
    expect(workflowLabel(ORDERS, { [ORDERS]: { name: '订单同步' } })).toBe(`订单同步 (${ORDERS})`);
    expect(workflowLabel(ORDERS, { [ORDERS]: '订单同步' })).toBe(`订单同步 (${ORDERS})`);
    expect(workflowLabel(OTHER, { [ORDERS]: '订单同步' })).toBe(OTHER);
    expect(workflowLabel('constructor', {})).toBe('constructor');
  });
});

describe('explainRoute', () => {
  const file = {
    workflows: { [ORDERS]: { name: '订单同步' }, [INVOICES]: { name: '发票下载' } },
    channels: {
      'ops-slack': { name: 'ops-slack', type: 'slack', statuses: ['FAILED', 'STUCK'], language: 'en' as const, options: {} },
      finance: { name: 'finance', type: 'email', statuses: ['FAILED', 'COMPLETED', 'STUCK'], language: 'en' as const, options: {} },
      dingtalk: { name: 'dingtalk', type: 'dingtalk', statuses: ['FAILED', 'COMPLETED', 'STUCK'], language: 'zh-CN' as const, options: {} },
    },
    routes,
  };

  it('says which routes matched and where the alert goes, for a name', () => {
    expect(explainRoute({ workflow: '订单同步', status: 'failed' }, file)).toEqual({
      ok: true,
      text: [
        `订单同步 (${ORDERS}), FAILED:`,
        'route[1] matched (workflows: 订单*) -> dingtalk (continue)',
        'route[3] matched -> default',
        'channels: dingtalk, default',
      ].join('\n'),
    });
  });

  it('shows the match keys, and a channel whose statuses leave the status out', () => {
    const explained = explainRoute({ workflow: INVOICES, status: 'STUCK' }, file);
    expect(explained).toEqual({
      ok: true,
      text: [`发票下载 (${INVOICES}), STUCK:`, `route[0] matched (workflows: ${INVOICES}; statuses: FAILED, STUCK) -> finance, ops-slack`, 'channels: finance, ops-slack'].join('\n'),
    });
    const completed = explainRoute({ workflow: ORDERS, status: 'COMPLETED' }, { ...file, routes: [{ to: ['ops-slack', 'finance'], continue: false }] });
    expect(completed.ok && completed.text.split('\n')).toEqual([
      `订单同步 (${ORDERS}), COMPLETED:`,
      'route[0] matched -> ops-slack, finance',
      'channels: finance (ops-slack skips COMPLETED: its statuses are FAILED, STUCK)',
    ]);
  });

  it('explains FAILED, COMPLETED and STUCK when no status is given; an unnamed id works too', () => {
    const explained = explainRoute({ workflow: OTHER }, { ...file, routes: [{ match: { statuses: ['FAILED'] }, to: [], continue: false }] });
    expect(explained).toEqual({
      ok: true,
      text: [
        `${OTHER}, FAILED:`,
        'route[0] matched (statuses: FAILED) -> nothing',
        'channels: none',
        '',
        `${OTHER}, COMPLETED:`,
        'no route matched -> default',
        'channels: default',
        '',
        `${OTHER}, STUCK:`,
        'no route matched -> default',
        'channels: default',
      ].join('\n'),
    });
  });

  it('says when only continuing routes matched', () => {
    const explained = explainRoute({ workflow: ORDERS, status: 'FAILED' }, { ...file, routes: [routes[1] as Route] });
    expect(explained.ok && explained.text.split('\n').slice(1)).toEqual([
      'route[0] matched (workflows: 订单*) -> dingtalk (continue)',
      'no route decided -> default',
      'channels: dingtalk, default',
    ]);
  });

  it('refuses a name it does not know, or one that names several workflows', () => {
    expect(explainRoute({ workflow: '对账' }, file)).toEqual({ ok: false, problem: 'no workflow named "对账" under workflows: in the config file (give its id)' });
    const shared = { ...file, workflows: { '1': { name: 'x' }, '2': { name: 'x' } } };
    expect(explainRoute({ workflow: 'x' }, shared)).toEqual({ ok: false, problem: '"x" names several workflows: 1, 2 (give the id)' });
  });
});

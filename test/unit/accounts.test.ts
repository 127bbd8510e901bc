import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSetup } from '../../src/config/load-setup';
import { accountScopes, accountTag } from '../../src/domain/account-scope';
import { buildDigest } from '../../src/domain/build-digest';
import type { HealthNotice } from '../../src/domain/health-notice';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { describeNotice } from '../../src/notify/notice-text';
import { buildPagerDutyEvents } from '../../src/notify/pagerduty/pagerduty-event';
import { buildWebhookPayload } from '../../src/notify/webhook/webhook-payload';
import { mergeReports, pollAccounts } from '../../src/poller/poll-accounts';
import type { PollReport } from '../../src/poller/poller';
import { planDeliveries, type RoutingTable } from '../../src/routing/plan-deliveries';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const ENV_API = { key: 'sk-env', baseUrl: 'https://newapi.iflyrpa.com' };

describe('accountScopes', () => {
  it.each([
    ['no accounts: the environment’s one, its state under KEY_PREFIX as before', undefined, [{ name: undefined, label: 'default', statePrefix: 'rpa', apiKey: 'sk-env', baseUrl: ENV_API.baseUrl, shown: false }]],
    ['an empty list reads as none', [], [{ name: undefined, label: 'default', statePrefix: 'rpa', apiKey: 'sk-env', baseUrl: ENV_API.baseUrl, shown: false }]],
    ['one named account: own state, not named in texts', [{ name: 'fin', apiKey: 'k1' }], [{ name: 'fin', label: 'fin', statePrefix: 'rpa:acct:fin', apiKey: 'k1', baseUrl: ENV_API.baseUrl, shown: false }]],
    [
      'two accounts: each its own state and base URL, named in texts',
      [
        { name: 'fin', apiKey: 'k1' },
        { name: 'ops', apiKey: 'k2', baseUrl: 'http://ops.example.com' },
      ],
      [
        { name: 'fin', label: 'fin', statePrefix: 'rpa:acct:fin', apiKey: 'k1', baseUrl: ENV_API.baseUrl, shown: true },
        { name: 'ops', label: 'ops', statePrefix: 'rpa:acct:ops', apiKey: 'k2', baseUrl: 'http://ops.example.com', shown: true },
      ],
    ],
  ])('%s', (_name, accounts, expected) => {
    expect(accountScopes('rpa', ENV_API, accounts)).toEqual(expected);
  });

  it.each([
    [{}, ''],
    [{ account: 'fin' }, ''],
    [{ account: 'fin', showAccount: true }, '[fin] '],
    [{ showAccount: true }, ''],
  ])('accountTag(%j) is %j', (subject, tag) => {
    expect(accountTag(subject)).toBe(tag);
  });
});

describe('texts name the account when there are several', () => {
  const failed = { ...transitionOf(sampleFailed), account: 'fin', showAccount: true };

  it('alert facts put it before the workflow', () => {
    expect(buildAlertFacts(failed, 'Asia/Shanghai', { workflowLabel: (id) => `订单同步 (${id})` }).workflow).toBe(`[fin] 订单同步 (${sampleFailed.projectId})`);
    expect(buildAlertFacts({ ...failed, showAccount: undefined }, 'Asia/Shanghai').workflow).toBe(sampleFailed.projectId);
  });

  it('health notices put it before the title', () => {
    const notice: HealthNotice = { kind: 'unreachable', incidentId: 'abc', cause: 'iFlyRPA rejected the API key (HTTP 401)', since: 0, at: 1, failures: 1, account: 'ops', showAccount: true };
    expect(describeNotice(notice, 'UTC').title).toMatch(/^\[ops\] /);
    expect(describeNotice({ ...notice, kind: 'recovered' }, 'UTC', 'zh-CN').title).toMatch(/^\[ops\] /);
    expect(describeNotice({ ...notice, showAccount: undefined }, 'UTC').title).not.toContain('[ops]');
  });

  it('digests group a workflow within its account', () => {
    const other = { ...transitionOf({ ...sampleFailed, id: 'other-run' }), account: 'ops', showAccount: true };
    const digest = buildDigest([failed, other, { ...transitionOf(sampleCompleted), account: 'fin', showAccount: true }], { start: 0, end: 1 }, { maxPerWorkflow: 10 });
    const byName = Object.fromEntries(digest.workflows.map((w) => [w.workflow, w.total]));
    expect(byName).toEqual({ [`[fin] ${sampleFailed.projectId}`]: 1 + (sampleCompleted.projectId === sampleFailed.projectId ? 1 : 0), [`[ops] ${sampleFailed.projectId}`]: 1, ...(sampleCompleted.projectId === sampleFailed.projectId ? {} : { [`[fin] ${sampleCompleted.projectId}`]: 1 }) });
  });

  it('PagerDuty keys an incident by account; webhooks carry it, with the bare workflow name', () => {
    const events = buildPagerDutyEvents({ ...failed, streak: { kind: 'opened', count: 1 } }, { displayTimeZone: 'UTC', language: 'en', account: failed.account });
    expect(events[0]?.dedup_key).toBe(`rpa-notify:fin:${sampleFailed.projectId}`);
    const payload = buildWebhookPayload(failed, { channel: 'hook', language: 'en', timeZone: 'UTC', workflowLabel: (id) => `订单同步 (${id})` });
    expect(payload.account).toBe('fin');
    expect(payload.workflow).toEqual({ id: sampleFailed.projectId, name: '订单同步' });
  });
});

describe('routing by account', () => {
  const table: RoutingTable = {
    routes: [
      { match: { accounts: ['ops'] }, to: ['ops-slack'], continue: false },
      { to: ['default'], continue: false },
    ],
    workflowNames: {},
    channels: [
      { name: 'ops-slack', statuses: ['FAILED'], immediate: true, digest: false },
      { name: 'slack', statuses: ['FAILED'], immediate: true, digest: false },
    ],
    defaultChannels: ['slack'],
  };
  it.each([
    ['the account a route names', 'ops', ['ops-slack']],
    ['another account', 'fin', ['slack']],
    ['no account (the environment’s)', undefined, ['slack']],
  ])('%s', (_name, account, immediate) => {
    expect(planDeliveries({ projectId: '1', status: 'FAILED', account }, table).immediate).toEqual(immediate);
  });
});

describe('pollAccounts', () => {
  const report = (pages: number, ids: string[], baselinePoll = false): PollReport => ({ pollId: `p${pages}`, baselinePoll, pagesFetched: pages, lookups: 0, records: pages * 5, skippedRecords: 0, pageJobIds: ids });

  it('adds up the accounts’ polls', () => {
    expect(mergeReports([report(1, ['a']), report(2, ['b', 'c'], true)])).toMatchObject({ baselinePoll: true, pagesFetched: 3, records: 15, pageJobIds: ['a', 'b', 'c'] });
  });

  it('polls every account when one fails, and names it', async () => {
    const polled = await pollAccounts([
      { name: 'fin', poll: () => Promise.resolve(report(1, ['a'])) },
      { name: 'ops', poll: () => Promise.reject(new Error('iFlyRPA rejected the API key (HTTP 401)')) },
    ]);
    expect(polled.report.pageJobIds).toEqual(['a']);
    expect(polled.failures.map((f) => f.message)).toEqual(['account ops: iFlyRPA rejected the API key (HTTP 401)']);
  });

  it('passes the environment’s account’s error on as it is', async () => {
    const error = new Error('down');
    await expect(pollAccounts([{ name: undefined, poll: () => Promise.reject(error) }])).rejects.toBe(error);
  });
});

describe('loadSetup with accounts:', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-accounts-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('needs no IFLYRPA_API_KEY, and every account key is a secret', () => {
    writeFileSync(path.join(dir, 'rpa-notify.yml'), 'accounts:\n  - { name: fin, api_key: "${FIN_KEY}" }\n  - { name: ops, api_key: "${OPS_KEY}" }\n');
    const loaded = loadSetup({ FIN_KEY: 'sk-fin-1234', OPS_KEY: 'sk-ops-5678' }, dir);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.setup.file?.content.accounts?.map((a) => a.name)).toEqual(['fin', 'ops']);
    expect(loaded.setup.secrets).toEqual(expect.arrayContaining(['sk-fin-1234', 'sk-ops-5678']));
  });

  it('says when IFLYRPA_API_KEY is set but not used', () => {
    const file = path.join(dir, 'rpa-notify.yml');
    writeFileSync(file, 'accounts:\n  - { name: fin, api_key: k-fin-1 }\n');
    const loaded = loadSetup({ IFLYRPA_API_KEY: 'sk-env-1234' }, dir);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.setup.warnings).toEqual([`${file}: accounts: lists the accounts to watch; IFLYRPA_API_KEY is not used`]);
  });

  it('still needs it without accounts:', () => {
    writeFileSync(path.join(dir, 'rpa-notify.yml'), 'workflows:\n  "1": one\n');
    const loaded = loadSetup({}, dir);
    expect(loaded.ok ? [] : loaded.problems).toEqual([expect.stringMatching(/^IFLYRPA_API_KEY is required/)]);
  });

  it('two accounts with one key: a problem with its path, the key never shown', () => {
    writeFileSync(path.join(dir, 'rpa-notify.yml'), 'accounts:\n  - { name: fin, api_key: "${FIN_KEY}" }\n  - { name: ops, api_key: "${FIN_KEY}" }\n');
    const loaded = loadSetup({ FIN_KEY: 'sk-fin-1234' }, dir);
    const problems = loaded.ok ? [] : loaded.problems;
    expect(problems).toEqual([expect.stringMatching(/accounts\[1\]\.api_key: the same key as account "fin"/)]);
    expect(problems.join('\n')).not.toContain('sk-fin-1234');
  });
});

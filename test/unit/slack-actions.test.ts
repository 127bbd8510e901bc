import { createHmac } from 'node:crypto';
import { ackLine, actionsBlock, groupedActionBlocks, languageOf, withStateLine } from '../../src/actions/action-buttons';
import { type BlockLike, parseActionRequest } from '../../src/actions/action-payload';
import { decideClick, rerunParameters } from '../../src/actions/decide-click';
import { MAX_REQUEST_AGE_MS, verifySlackSignature } from '../../src/actions/verify-signature';
import { loadConfig } from '../../src/config/config';
import { secretsOf } from '../../src/logging/scrub-secrets';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { buildSlackMessage } from '../../src/notify/slack/slack-message';
import { sampleTransitions } from '../../src/domain/sample-transitions';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1_764_400_000_000;
const TS = String(NOW / 1000);
const BODY = Buffer.from('payload=%7B%22type%22%3A%22block_actions%22%7D');
// Computed here the way Slack documents it, independently of the code under test.
const sign = (secret: string, timestamp: string, body: Buffer | string) => `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body.toString()}`).digest('hex')}`;
const GOOD = sign(SECRET, TS, BODY);

describe('verifySlackSignature', () => {
  it.each<[string, { timestamp?: string; signature?: string; body?: Buffer; now?: number }, string]>([
    ['signed as Slack signs, just now', {}, 'ok'],
    ['4 min 59 s old (inside the window)', { now: NOW + MAX_REQUEST_AGE_MS - 1000 }, 'ok'],
    ['replayed after 5 min 1 s: stale', { now: NOW + MAX_REQUEST_AGE_MS + 1000 }, 'stale'],
    ['a timestamp 6 min in the future: stale', { now: NOW - 6 * 60_000 }, 'stale'],
    ['forged: signed with another secret', { signature: sign('not-the-secret-1234', TS, BODY) }, 'mismatch'],
    ['forged: the body changed after signing', { body: Buffer.from(`${BODY.toString()}x`) }, 'mismatch'],
    ['forged: an old signature with a fresh timestamp', { timestamp: String(NOW / 1000 + 1) }, 'mismatch'],
    ['the signature in upper case (not what Slack sends)', { signature: GOOD.toUpperCase().replace('V0=', 'v0=') }, 'malformed'],
    ['a v1 signature', { signature: GOOD.replace('v0=', 'v1=') }, 'malformed'],
    ['a truncated signature', { signature: GOOD.slice(0, -2) }, 'malformed'],
    ['no signature header', { signature: '' }, 'missing'],
    ['no timestamp header', { timestamp: '' }, 'missing'],
    ['a timestamp that is not a number', { timestamp: '17644e5' }, 'malformed'],
  ])('%s -> %s', (_name, change, expected) => {
    const timestamp = change.timestamp === '' ? undefined : (change.timestamp ?? TS);
    const signature = change.signature === '' ? undefined : (change.signature ?? GOOD);
    const check = verifySlackSignature({ signingSecret: SECRET, timestamp, signature, rawBody: change.body ?? BODY, now: change.now ?? NOW });
    expect(check.ok ? 'ok' : check.reason).toBe(expected);
  });
});

const payload = (overrides: Record<string, unknown> = {}) => ({
  type: 'block_actions',
  user: { id: 'U0ALICE', username: 'alice', name: 'alice' },
  container: { type: 'message', message_ts: '1764400000.000100', channel_id: 'C0RPA' },
  channel: { id: 'C0RPA', name: 'rpa' },
  message: { ts: '1764400000.000100', text: 'x', blocks: [{ type: 'section', block_id: 'a' }] },
  response_url: 'https://hooks.slack.com/actions/T0/1/abc',
  actions: [{ action_id: 'rpa-notify-rerun', value: 'rerun|default|6cef46ae-1', type: 'button' }],
  ...overrides,
});
const form = (p: unknown) => Buffer.from(`payload=${encodeURIComponent(JSON.stringify(p))}`);
const FORM = 'application/x-www-form-urlencoded';

describe('parseActionRequest', () => {
  it('reads a button click: the button, the run, who, and the message it is on', () => {
    const parsed = parseActionRequest(form(payload()), FORM);
    expect(parsed).toMatchObject({ ok: true, click: { kind: 'rerun', account: 'default', executionId: '6cef46ae-1', userId: 'U0ALICE', userName: 'alice', channelId: 'C0RPA', messageTs: '1764400000.000100' } });
  });

  it.each<[string, Buffer, string | undefined, string | null]>([
    ['a JSON body', Buffer.from(JSON.stringify(payload())), 'application/json', 'expected a form'],
    ['a form without payload', Buffer.from('a=1'), FORM, 'no payload field'],
    ['a payload that is not JSON', Buffer.from('payload=%7Bnot'), FORM, 'not JSON'],
    ['a view submission, not a click', form(payload({ type: 'view_submission' })), FORM, 'not a button click'],
    ['a user id that is not one', form(payload({ user: { id: '<!channel>' } })), FORM, 'not a button click'],
    ['a response_url that is not http(s)', form(payload({ response_url: 'file:///etc/passwd' })), FORM, 'not a button click'],
    ['a click outside any message', form(payload({ container: {}, message: undefined, channel: undefined })), FORM, 'not on a message'],
  ])('refuses %s', (_name, body, type, problem) => {
    const parsed = parseActionRequest(body, type);
    expect(parsed.ok ? null : parsed.problem).toContain(problem);
  });

  it.each([
    ['another app’s action id', { action_id: 'approve', value: 'rerun|default|x' }],
    ['a value naming another button', { action_id: 'rpa-notify-rerun', value: 'ack|default|x' }],
    ['a value without an execution', { action_id: 'rpa-notify-ack', value: 'ack|default' }],
  ])('an unknown action (%s) is read with kind null, to be answered but never acted on', (_name, action) => {
    const parsed = parseActionRequest(form(payload({ actions: [action] })), FORM);
    expect(parsed.ok && parsed.click.kind).toBeNull();
  });

  it('a click on a reply knows its thread', () => {
    const parsed = parseActionRequest(form(payload({ message: { ts: '2.000002', thread_ts: '1.000001' } })), FORM);
    expect(parsed.ok && [parsed.click.messageTs, parsed.click.threadTs]).toEqual(['2.000002', '1.000001']);
  });
});

describe('decideClick', () => {
  it.each<[string, 'rerun' | 'mute' | 'ack' | null, string, boolean, string[], string]>([
    ['re-run by anyone when *', 'rerun', 'U1', true, ['*'], 'act'],
    ['re-run by a listed user', 'rerun', 'U1', true, ['U0', 'U1'], 'act'],
    ['re-run by someone not listed', 'rerun', 'U2', true, ['U1'], 'notAllowed'],
    ['mute by someone not listed', 'mute', 'U2', true, ['U1'], 'notAllowed'],
    ['ack by anyone, listed or not', 'ack', 'U2', true, ['U1'], 'act'],
    ['an alert the bot did not send', 'ack', 'U1', false, ['*'], 'notOurs'],
    ['an unknown button', null, 'U1', true, ['*'], 'unknown'],
  ])('%s', (_name, kind, userId, alertKnown, allowed, expected) => {
    const decision = decideClick({ kind, userId }, { alertKnown, allowed });
    expect(decision.act ? 'act' : decision.refusal).toBe(expected);
  });
});

describe('rerunParameters', () => {
  it.each<[string, Parameters<typeof rerunParameters>[0], ReturnType<typeof rerunParameters>]>([
    ['an object as it is', { inputer: '查一下', n: 2 }, { ok: true, params: { inputer: '查一下', n: 2 } }],
    ['a Python dict string parsed back', "{'inputer': '查一下', 'ok': True, 'x': None}", { ok: true, params: { inputer: '查一下', ok: true, x: null } }],
    ['a JSON string parsed back', '{"a": [1, 2]}', { ok: true, params: { a: [1, 2] } }],
    ['none: no params', null, { ok: true }],
    ['an empty object: no params', {}, { ok: true }],
    ['an empty string: no params', '  ', { ok: true }],
    ['a string that is no dict: refused', "{'a': ", { ok: false }],
    ['a list: refused', [1, 2], { ok: false }],
    ['a plain word: refused', 'hello', { ok: false }],
  ])('%s', (_name, parameters, expected) => {
    expect(rerunParameters(parameters)).toEqual(expected);
  });
});

describe('buttons and state lines', () => {
  it('FAILED and STUCK alerts carry Re-run, Mute 2h and Ack in the channel language when actions are on; others, tests and actions off do not', () => {
    const [failed, completed] = sampleTransitions(NOW);
    const facts = (t: typeof failed, language: 'en' | 'zh-CN' = 'en', test = false) => buildAlertFacts(t!, 'Asia/Shanghai', { language, test });
    const labels = (m: ReturnType<typeof buildSlackMessage>) => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => `${e.text.text}=${e.value}`) : []));
    const id = failed!.execution.id;
    expect(labels(buildSlackMessage(facts(failed), { actions: { account: 'default' } }))).toEqual([`Re-run=rerun|default|${id}`, `Mute 2h=mute|default|${id}`, `Ack=ack|default|${id}`]);
    expect(labels(buildSlackMessage(facts(failed, 'zh-CN'), { actions: { account: 'default' } })).map((l) => l.split('=')[0])).toEqual(['重新运行', '静音 2 小时', '确认']);
    const stuck = { ...failed!, execution: { ...failed!.execution, status: 'STUCK' } };
    expect(labels(buildSlackMessage(facts(stuck), { actions: { account: 'default' } }))).toHaveLength(3);
    expect(labels(buildSlackMessage(facts(completed), { actions: { account: 'default' } }))).toEqual([]);
    expect(labels(buildSlackMessage(facts(failed, 'en', true), { actions: { account: 'default' } }))).toEqual([]);
    expect(labels(buildSlackMessage(facts(failed)))).toEqual([]);
  });

  it('the state line goes above the buttons; a second ack replaces the first, a mute stands beside it', () => {
    // As Slack sends them back in the payload: plain JSON.
    const blocks: BlockLike[] = JSON.parse(JSON.stringify([{ type: 'header' }, actionsBlock({ account: 'default', executionId: 'e1' }, 'zh-CN'), { type: 'context', block_id: 'footer' }]));
    expect(languageOf(blocks)).toBe('zh-CN');
    const acked = withStateLine(blocks, ackLine({ userId: 'U1' }, 'en'));
    expect(acked.map((b) => b.type)).toEqual(['header', 'context', 'actions', 'context']);
    const again = withStateLine(withStateLine(acked, '🔕 muted'), ackLine({ userId: 'U2' }, 'en'));
    expect(again.filter((b) => b.block_id === 'rpa-notify-state').flatMap((b) => (b.elements as { text: string }[]).map((e) => e.text))).toEqual(['🔕 muted', '👀 acknowledged by <@U2>']);
    expect(again).toHaveLength(4);
  });
});

describe('SLACK_SIGNING_SECRET and SLACK_ACTIONS_ALLOWED', () => {
  const base = { IFLYRPA_API_KEY: 'k-123456', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL: 'C1' };
  const problems = (env: Record<string, string>) => {
    const result = loadConfig({ ...base, ...env });
    return result.ok ? [] : result.problems;
  };

  it('unset: no actions; set: actions for anyone unless a list of user ids is given; the secret is scrubbed from logs', () => {
    const off = loadConfig(base);
    expect(off.ok && off.config.slackActions).toBeUndefined();
    const open = loadConfig({ ...base, SLACK_SIGNING_SECRET: SECRET });
    expect(open.ok && open.config.slackActions).toEqual({ signingSecret: SECRET, allowed: ['*'] });
    const listed = loadConfig({ ...base, SLACK_SIGNING_SECRET: SECRET, SLACK_ACTIONS_ALLOWED: 'U0ALICE, W0BOB' });
    expect(listed.ok && listed.config.slackActions?.allowed).toEqual(['U0ALICE', 'W0BOB']);
    expect(open.ok && secretsOf(open.config)).toContain(SECRET);
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: '', SLACK_CHANNEL: '' }, 'SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set'],
    [{ SLACK_SIGNING_SECRET: 'short' }, 'SLACK_SIGNING_SECRET must be the Signing Secret'],
    [{ SLACK_SIGNING_SECRET: SECRET, SLACK_ACTIONS_ALLOWED: 'alice' }, 'SLACK_ACTIONS_ALLOWED must be * or Slack user ids'],
    [{ SLACK_SIGNING_SECRET: SECRET, SLACK_ACTIONS_ALLOWED: '*,U0ALICE' }, 'SLACK_ACTIONS_ALLOWED must be * or Slack user ids'],
  ])('%j is refused: %s', (env, problem) => {
    expect(problems(env).join('\n')).toContain(problem);
    expect(problems(env).join('\n')).not.toContain(SECRET);
  });
});

describe('groupedActionBlocks', () => {
  const item = (projectId: string, n: number) => ({ account: 'default', executionId: `${projectId}-e${n}`, projectId, caption: `${projectId} · e${n}` });
  const items = [item('orders', 1), item('invoices', 2), item('orders', 3)];
  const summary = (blocks: ReturnType<typeof groupedActionBlocks>) => blocks.map((b) => `${b.elements[0]!.value} "${b.elements[0]!.text.text}"`);

  it.each<[string, number, string[]]>([
    ['one set per execution when they fit', 3, ['rerun|default|orders-e1 "Re-run · orders · e1"', 'rerun|default|invoices-e2 "Re-run · invoices · e2"', 'rerun|default|orders-e3 "Re-run · orders · e3"']],
    ['else one per workflow, on its last execution listed', 2, ['rerun|default|orders-e3 "Re-run · orders · e3"', 'rerun|default|invoices-e2 "Re-run · invoices · e2"']],
    ['as many workflows as fit', 1, ['rerun|default|orders-e3 "Re-run · orders · e3"']],
    ['none without room', 0, []],
  ])('%s (room %d)', (_name, room, expected) => {
    expect(summary(groupedActionBlocks(items, 'en', room))).toEqual(expected);
  });

  it('block ids are unique in a message and button texts stay within 75 characters', () => {
    const long = [item('x'.repeat(300), 1), item('y', 2)];
    const blocks = groupedActionBlocks(long, 'zh-CN', 5);
    expect(new Set(blocks.map((b) => b.block_id)).size).toBe(2);
    expect(Math.max(...blocks.flatMap((b) => b.elements.map((e) => [...e.text.text].length)))).toBeLessThanOrEqual(75);
    expect(Math.max(...blocks.map((b) => b.block_id.length))).toBeLessThanOrEqual(255);
  });
});

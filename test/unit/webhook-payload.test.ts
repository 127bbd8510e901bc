import { createHash, createHmac } from 'node:crypto';
import { buildWebhookNoticePayload, buildWebhookPayload, type WebhookPayloadContext } from '../../src/notify/webhook/webhook-payload';
import { signWebhook, webhookDeliveryId } from '../../src/notify/webhook/webhook-signature';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const WORKFLOW = '2008381617971200000';
const context = (overrides: Partial<WebhookPayloadContext> = {}): WebhookPayloadContext => ({
  channel: 'ops-hook',
  language: 'en',
  timeZone: 'Asia/Shanghai',
  workflowLabel: (id) => (id === WORKFLOW ? `订单同步 (${id})` : id),
  ...overrides,
});

describe('signWebhook', () => {
  it('is sha256= + hex HMAC-SHA256(secret, timestamp + "." + body): a vector computed with openssl', () => {
    // printf '%s' '1767780000.{"event":"execution.failed"}' | openssl dgst -sha256 -hmac 'whsec-test'
    expect(signWebhook('whsec-test', 1767780000, '{"event":"execution.failed"}')).toBe('sha256=4238407ae2a24feaf8490881ce133e78d82c1cabb60245c6eb31a5c26d4da45b');
  });

  it('agrees with node:crypto over a Chinese body (UTF-8)', () => {
    const body = JSON.stringify({ text: '❌ 失败 · 流程 订单同步' });
    const expected = createHmac('sha256', 'k').update(Buffer.from(`42.${body}`, 'utf8')).digest('hex');
    expect(signWebhook('k', 42, body)).toBe(`sha256=${expected}`);
  });
});

describe('webhookDeliveryId', () => {
  it('is uuid-shaped, from sha256 of channel, subject and status', () => {
    // printf '%s' $'webhook\nexec-1\nFAILED' | sha256sum
    expect(createHash('sha256').update('webhook\nexec-1\nFAILED').digest('hex').startsWith('537c5970')).toBe(true);
    expect(webhookDeliveryId('webhook', 'exec-1', 'FAILED')).toBe('537c5970-15af-d454-d40c-d687fc4396de');
  });

  it.each([
    ['another channel', ['other', 'exec-1', 'FAILED']],
    ['another execution', ['webhook', 'exec-2', 'FAILED']],
    ['another status', ['webhook', 'exec-1', 'COMPLETED']],
  ] as const)('differs for %s', (_, [channel, subject, status]) => {
    expect(webhookDeliveryId(channel, subject, status)).not.toBe(webhookDeliveryId('webhook', 'exec-1', 'FAILED'));
  });
});

describe('buildWebhookPayload', () => {
  it('FAILED: the event, the workflow, the record as the API serves it, an ISO detection time and a one-line text', () => {
    const payload = buildWebhookPayload(transitionOf(sampleFailed), context());
    expect(payload).toEqual({
      event: 'execution.failed',
      delivery_id: webhookDeliveryId('ops-hook', sampleFailed.id, 'FAILED'),
      account: null,
      workflow: { id: WORKFLOW, name: '订单同步' },
      execution: {
        id: sampleFailed.id,
        project_id: WORKFLOW,
        status: 'FAILED',
        parameters: {},
        result: null,
        error: "'str' object has no attribute 'get'",
        exec_position: 'EXECUTOR',
        version: 2,
        user_id: '5df30eb2-4737-4515-bb3f-d11236086e7',
        start_time: '2026-01-06T14:16:11',
        end_time: '2026-01-06T06:16:25',
      },
      detected_at: '2026-01-07T10:00:00.000Z',
      text: `❌ FAILED · workflow 订单同步 (${WORKFLOW}) · Execution 49b9771c · Error: 'str' object has no attribute 'get'`,
      test: false,
    });
  });

  it.each([
    ['COMPLETED', sampleCompleted, 'execution.completed', '运行成功'],
    ['an unlisted status', { ...sampleFailed, status: 'CANCELLED', error: null }, 'execution.cancelled', undefined],
    ['STUCK', { ...sampleFailed, status: 'STUCK', error: null }, 'execution.stuck', undefined],
  ])('%s gives its own event', (_, execution, event, inText) => {
    const payload = buildWebhookPayload(transitionOf(execution), context());
    expect(payload.event).toBe(event);
    if (inText) expect(payload.text).toContain(inText);
  });

  it('the delivery id is the same for every build of one alert, and a test send has its own', () => {
    const first = buildWebhookPayload(transitionOf(sampleFailed), context());
    const again = buildWebhookPayload({ ...transitionOf(sampleFailed), detectedAt: Date.now() }, context());
    const test = buildWebhookPayload(transitionOf(sampleFailed), context(), { test: true });
    expect(again.delivery_id).toBe(first.delivery_id);
    expect(test.delivery_id).not.toBe(first.delivery_id);
    expect(test.test).toBe(true);
    expect(test.text).toContain('[TEST]');
  });

  it('an unnamed workflow has name null, and the text shows its id', () => {
    const payload = buildWebhookPayload(transitionOf({ ...sampleFailed, projectId: '77' }), context());
    expect(payload.workflow).toEqual({ id: '77', name: null });
    expect(payload.text).toContain('workflow 77');
  });

  it('the text is one line whatever the API sends, and quotes only the first line of a long error', () => {
    const hostile = { ...sampleFailed, projectId: 'wf\r\nX-Injected: 1', error: `\n\nTraceback\u2028${'E'.repeat(5000)}\nline 2` };
    const payload = buildWebhookPayload(transitionOf(hostile), context());
    expect(payload.text).not.toMatch(/[\r\n\u2028]/);
    expect(payload.text).not.toContain('line 2');
    expect(payload.text.length).toBeLessThan(400);
    // The record itself goes as served: the receiver gets all of it.
    expect(payload.execution?.error).toBe(hostile.error);
  });

  it('zh-CN: the text in Chinese', () => {
    const payload = buildWebhookPayload(transitionOf(sampleFailed), context({ language: 'zh-CN' }));
    expect(payload.text).toContain('失败 · 流程 订单同步');
    expect(payload.event).toBe('execution.failed');
  });

  it('parameters served as a string that is not a dict go as that string', () => {
    const payload = buildWebhookPayload(transitionOf({ ...sampleFailed, parameters: "{'a': <object>}" }), context());
    expect(payload.execution?.parameters).toBe("{'a': <object>}");
  });
});

describe('buildWebhookNoticePayload', () => {
  const notice = { incidentId: 'inc-1', cause: 'iFlyRPA answered HTTP 502', since: Date.UTC(2026, 0, 7, 9, 0), at: Date.UTC(2026, 0, 7, 9, 5), failures: 5 };

  it.each([
    ['unreachable', 'en', 'notice.unreachable', '🚨 iFlyRPA unreachable: iFlyRPA answered HTTP 502'],
    ['recovered', 'en', 'notice.recovered', '✅ iFlyRPA polling recovered · Polling works again after 5m 0s of failures'],
    ['recovered', 'zh-CN', 'notice.recovered', '失败 5分0秒 后轮询恢复'],
  ] as const)('%s (%s)', (kind, language, event, text) => {
    const payload = buildWebhookNoticePayload({ ...notice, kind }, context({ language }));
    expect(payload.event).toBe(event);
    expect(payload.text).toContain(text);
    expect(payload.execution).toBeNull();
    expect(payload.notice).toEqual({ incident_id: 'inc-1', cause: notice.cause, since: '2026-01-07T09:00:00.000Z', failures: 5 });
    expect(payload.delivery_id).toBe(buildWebhookNoticePayload({ ...notice, kind, at: notice.at + 1000 }, context()).delivery_id);
  });
});

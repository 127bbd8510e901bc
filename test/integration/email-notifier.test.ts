import { createEmailNotifier, createSmtpSender } from '../../src/notify/email/email-notifier';
import { NotifyError } from '../../src/notify/notify-error';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';
import { rejectionOf } from '../helpers/rejection';
import { SmtpSink } from '../helpers/smtp-sink';

describe('email notifier: real nodemailer to a real SMTP server', () => {
  let sink: SmtpSink;
  let port: number;
  const notifier = (password = 'pw-secret-42') =>
    createEmailNotifier({ from: 'rpa-notify <bot@example.com>', to: ['oncall@example.com', 'lead@example.com'] }, createSmtpSender(`smtp://bot:${password}@127.0.0.1:${port}?tls=off`), 'Asia/Shanghai');

  beforeEach(async () => {
    sink = new SmtpSink();
    port = await sink.start();
  });
  afterEach(() => sink.stop());

  it('sends HTML and plain text with the facts of a failure', async () => {
    await notifier().send(transitionOf(sampleFailed));
    const [mail] = sink.mails;
    expect(mail!.subject).toBe('[RPA] FAILED 2008381617971200000 (49b9771c)');
    expect(mail!.text).toContain("'str' object has no attribute 'get'");
    expect(mail!.html).toContain('no attribute');
    expect(mail!.text).toContain('2026-01-06 14:16:11 +08:00');
    expect((Array.isArray(mail!.to) ? mail!.to : [mail!.to]).flatMap((a) => a!.value.map((v) => v.address))).toEqual(['oncall@example.com', 'lead@example.com']);
  });

  it('a completion shows the result, and the sample took 15s', async () => {
    await notifier().send(transitionOf(sampleCompleted));
    expect(sink.mails[0]!.text).toContain('运行成功');
    expect(sink.mails[0]!.text).toContain('Duration: 15s');
  });

  it.each([
    [451, false],
    [550, true],
  ])('an SMTP %i reply: permanent=%s', async (code, permanent) => {
    sink.refusals.push(code);
    const error = await rejectionOf<NotifyError>(notifier().send(transitionOf(sampleFailed)));
    expect(error).toBeInstanceOf(NotifyError);
    expect(error.permanent).toBe(permanent);
  });

  it('an SMTP server that is down is a retryable error without the password in it', async () => {
    await sink.stop();
    const error = await rejectionOf<NotifyError>(notifier().send(transitionOf(sampleFailed)));
    expect(error.permanent).toBe(false);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('pw-secret-42');
  });
});

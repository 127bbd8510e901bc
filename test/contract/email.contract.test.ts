import { emailChannelKind } from '../../src/notify/email/email-channel-kind';
import { SmtpSink } from '../helpers/smtp-sink';
import { runChannelContract } from './channel-contract';

const PASSWORD = 'smtp-contract-pw-24601';

runChannelContract('email', async () => {
  const smtp = new SmtpSink();
  const port = await smtp.start();
  return {
    kind: emailChannelKind,
    options: { to: ['oncall@example.com'], mode: 'immediate', smtpUrl: `smtp://bot:${PASSWORD}@127.0.0.1:${port}?tls=off`, from: 'rpa-notify <bot@example.com>' },
    secret: PASSWORD,
    received: () => smtp.mails.map((mail) => [mail.subject ?? '', mail.text ?? '', typeof mail.html === 'string' ? mail.html : ''].join('\n')),
    // As an SMTP server answers: 5xx refuses for good, 4xx asks to try later. SMTP has no Retry-After.
    answerNext: (answer) => void smtp.refusals.push(answer === 'permanent' ? 550 : 451),
    stop: () => smtp.stop(),
  };
});

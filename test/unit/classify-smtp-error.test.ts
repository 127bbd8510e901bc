import { classifySmtpError } from '../../src/notify/email/classify-smtp-error';
import { NotifyError } from '../../src/notify/notify-error';

describe('classifySmtpError: one decision for alerts and digests', () => {
  it.each<[string, unknown, boolean, string]>([
    ['552 message too large', { responseCode: 552 }, true, 'smtp_552'],
    ['550 mailbox unavailable', { responseCode: 550 }, true, 'smtp_550'],
    ['451 try again later', { responseCode: 451 }, false, 'smtp_451'],
    ['421 service not available', { responseCode: 421 }, false, 'smtp_421'],
    ['connection refused', { code: 'ECONNECTION' }, false, 'ECONNECTION'],
    ['timeout', { code: 'ETIMEDOUT' }, false, 'ETIMEDOUT'],
    ['bad login', { code: 'EAUTH' }, true, 'auth'],
    ['refused recipients', { code: 'EENVELOPE' }, true, 'envelope'],
    ['something that is not an error object', 'boom', false, 'network'],
    ['already classified', new NotifyError('x', true, 'kept'), true, 'kept'],
  ])('%s', (_name, error, permanent, reason) => {
    const failure = classifySmtpError(error);
    expect(failure).toBeInstanceOf(NotifyError);
    expect({ permanent: failure.permanent, reason: failure.reason }).toEqual({ permanent, reason });
  });
});

import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in the test process; every accepted mail is parsed with mailparser. */
export class SmtpSink {
  readonly mails: ParsedMail[] = [];
  /** When each of `mails` was accepted (same index): for assertions on order and timing. */
  readonly acceptedAt: number[] = [];
  /** Reply code to refuse the next mails with (e.g. 451 temporary, 550 permanent). */
  readonly refusals: number[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData: (stream, _session, callback) => {
      const refusal = this.refusals.shift();
      simpleParser(stream)
        .then((mail) => {
          if (refusal) {
            const error = Object.assign(new Error('refused by test'), { responseCode: refusal });
            return callback(error);
          }
          this.mails.push(mail);
          this.acceptedAt.push(Date.now());
          for (const waiter of this.waiters.filter((w) => this.mails.length >= w.count)) waiter.resolve();
          this.waiters = this.waiters.filter((w) => this.mails.length < w.count);
          callback();
        })
        .catch(callback);
    },
  });

  async start(): Promise<number> {
    // A client killed mid-session resets its connection: that is the scenario of some tests, not a failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  private stopped: Promise<void> | undefined;

  /** Safe to call twice: a test may take the server down mid-way, and cleanup stops it again. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => this.server.close(() => resolve()));
    return this.stopped;
  }

  waitForMails(count: number): Promise<void> {
    if (this.mails.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

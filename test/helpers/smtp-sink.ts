import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in the test process; every accepted mail is parsed with mailparser. */
export class SmtpSink {
  readonly mails: ParsedMail[] = [];
  /** Size in bytes of each accepted mail as it came over the wire (headers, MIME encoding and all). */
  readonly sizes: number[] = [];
  /** When each of `mails` was accepted (same index): for assertions on order and timing. */
  readonly acceptedAt: number[] = [];
  /** Reply code to refuse the next mails with (e.g. 451 temporary, 550 permanent). */
  readonly refusals: number[] = [];
  /** Mails larger than this many bytes are refused with 552, as a server with a size limit does. */
  refuseLargerThan: number | undefined;
  private holds: { arrived: () => void; released: Promise<void> }[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData: (stream, _session, callback) => {
      const refusal = this.refusals.shift();
      const hold = this.holds.shift();
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(null, chunk);
        },
      });
      simpleParser(stream.pipe(counter))
        .then(async (mail) => {
          if (hold) {
            hold.arrived();
            await hold.released;
          }
          if (refusal) {
            const error = Object.assign(new Error('refused by test'), { responseCode: refusal });
            return callback(error);
          }
          if (this.refuseLargerThan !== undefined && size > this.refuseLargerThan) {
            return callback(Object.assign(new Error('message exceeds fixed maximum message size'), { responseCode: 552 }));
          }
          this.mails.push(mail);
          this.sizes.push(size);
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

  /**
   * Holds the answer to the next mail until `release()`: a slow server. `arrived` resolves once the
   * mail's data is in, i.e. while the client waits for the answer.
   */
  holdNext(): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
    this.holds.push({ arrived, released });
    return { arrived: arrivedPromise, release };
  }
}

import type { Config } from '../../src/config/config';
import { loadConfig } from '../../src/config/config';
import { serializeError } from '../../src/logging/logger';
import type { AnyChannelKind } from '../../src/notify/channel-kind';
import { NotifyError } from '../../src/notify/notify-error';
import type { Transition } from '../../src/domain/transition';
import { sampleFailed as sampleRecord, transitionOf } from '../fixtures/executions';

export type Answer = 'permanent' | 'transient' | 'rateLimited';

/** A channel type under test, with a stand-in for its service that behaves like the real one. */
export interface ContractRig {
  kind: AnyChannelKind;
  /** Options of one channel of this type, holding `secret`. */
  options: unknown;
  /** The token, key or password the channel must never show. */
  secret: string;
  /** Everything the stand-in received so far, as text (bodies, headers that are not credentials). */
  received(): string[];
  /** The stand-in answers the next send this way. */
  answerNext(answer: Answer): void;
  /** Seconds of Retry-After the stand-in asks for on 'rateLimited'; undefined for a type with no such answer. */
  retryAfterSeconds?: number;
  /** The environment the channel takes its defaults from. */
  env?: Record<string, string>;
  stop(): Promise<void>;
}

const WORKFLOW = '2008381617971200000';

let next = 0;
/** A FAILED alert with its own execution id (so retries of one test never meet another's sent record). */
const sampleFailed = (overrides: { projectId?: string; error?: string } = {}): Transition =>
  transitionOf({ ...sampleRecord, id: `contract-${Date.now()}-${next++}-${sampleRecord.id}`, ...overrides });

/**
 * What every channel type promises (run by each type's own test): it sends, it says whether a retry can help,
 * it honours Retry-After, it never shows its secret, and its texts stay within its limits after escaping.
 */
export function runChannelContract(name: string, makeRig: () => Promise<ContractRig>): void {
  describe(`channel contract: ${name}`, () => {
    let rig: ContractRig;
    let config: Config;
    beforeEach(async () => {
      rig = await makeRig();
      const loaded = loadConfig({ IFLYRPA_API_KEY: 'sk-contract-key', ...rig.env });
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      config = loaded.config;
    });
    afterEach(() => rig.stop());

    const channel = () => rig.kind.create(`contract-${name}`, rig.options, { config, displayTimeZone: 'Asia/Shanghai', language: rig.kind.defaultLanguage, workflowLabel: (id) => (id === WORKFLOW ? `订单同步 (${id})` : id) });
    const failure = async (send: Promise<unknown>): Promise<NotifyError> => {
      const error = await send.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotifyError);
      return error as NotifyError;
    };

    it('its secret is one it declares, so logs scrub it', () => {
      expect(rig.kind.secretsOf(rig.options)).toContain(rig.secret);
    });

    it('sends an alert naming the workflow, the execution and the error', async () => {
      const transition = sampleFailed({ projectId: WORKFLOW, error: 'contract error text' });
      await channel().notifier.send(transition);
      const text = rig.received().join('\n');
      expect(text).toContain(`订单同步 (${WORKFLOW})`);
      expect(text).toContain(transition.execution.id.slice(0, 8));
      expect(text).toContain('contract error text');
    });

    it('sends a notice about the bot itself', async () => {
      await channel().notifier.sendNotice({ kind: 'unreachable', incidentId: 'abc123', cause: 'contract outage', since: Date.now() - 60_000, at: Date.now(), failures: 5 });
      expect(rig.received().join('\n')).toContain('contract outage');
    });

    it('a refusal no retry can fix is permanent; a passing fault is not; neither shows the secret', async () => {
      rig.answerNext('permanent');
      const permanent = await failure(channel().notifier.send(sampleFailed()));
      expect(permanent.permanent).toBe(true);
      rig.answerNext('transient');
      const transient = await failure(channel().notifier.send(sampleFailed()));
      expect(transient.permanent).toBe(false);
      for (const error of [permanent, transient]) {
        expect(JSON.stringify(serializeError(error))).not.toContain(rig.secret);
        expect(error.message).not.toContain(encodeURIComponent(rig.secret));
      }
    });

    it('"too fast" is retried after the pause the service asks for, not counted as permanent', async () => {
      if (rig.retryAfterSeconds === undefined) return;
      rig.answerNext('rateLimited');
      const limited = await failure(channel().notifier.send(sampleFailed()));
      expect(limited.permanent).toBe(false);
      expect(limited.retryAfterMs).toBe(rig.retryAfterSeconds * 1000);
    });

    it('never sends its secret inside a message, even when the API text tries to look like one', async () => {
      await channel().notifier.send(sampleFailed({ error: `token ${'<'.repeat(50)} &amp; <!channel>` }));
      expect(rig.received().join('\n')).not.toContain(rig.secret);
    });

    it('hostile text stays within the type’s limit after escaping', async () => {
      const max = rig.kind.limits.maxTextChars;
      await channel().notifier.send(sampleFailed({ error: '<&>'.repeat(5000) }));
      expect(rig.received().length).toBeGreaterThan(0);
      if (max !== undefined) for (const text of rig.received()) expect(text.length).toBeLessThanOrEqual(max);
    });
  });
}

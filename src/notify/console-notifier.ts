import type { Transition } from '../domain/transition';
import { type Language, t } from '../i18n/messages';
import { buildAlertFacts, oncallLines } from './alert-facts';
import { describeNotice } from './notice-text';
import type { ChannelName, Notifier } from './notifier';

/** The demo's stand-in for Slack: a readable block on the terminal. */
export function createConsoleNotifier(displayTimeZone: string, write: (text: string) => void = (text) => process.stdout.write(text), language: Language = 'en'): Notifier {
  const channel: ChannelName = 'slack';
  return {
    channel,
    async send(transition: Transition, options = {}) {
      const f = buildAlertFacts(transition, displayTimeZone, { test: options.test, language });
      const say = (key: Parameters<typeof t>[1], params: Record<string, string>) => `   ${t(language, key, params)}`;
      const lines = [
        t(language, 'console.headline', { icon: f.icon, test: f.test ? t(language, 'alert.test_mark') : '', status: f.statusText, workflow: f.workflow, shortId: f.shortId }),
        say('console.times', { start: f.start, end: f.end, duration: f.duration, version: f.version, position: f.execPosition }),
        ...oncallLines(f).map((line) => `   ${line}`),
      ];
      if (f.error !== null) lines.push(say('console.error', { value: f.error }));
      if (f.result?.msg) lines.push(say('console.result', { value: `${f.result.msg}${f.result.data ? ` ${f.result.data}` : ''}` }));
      if (f.result?.videoPath) lines.push(say('console.video', { value: f.result.videoPath }));
      if (f.parameters) lines.push(say('console.parameters', { value: f.parameters }));
      // eslint-disable-next-line no-control-regex -- terminal escape sequences from API text must not reach the terminal
      write(`${lines.map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')).join('\n')}\n`);
    },
    async sendNotice(notice) {
      const text = describeNotice(notice, displayTimeZone, language);
      write(`${text.icon} ${text.title}\n   ${text.body}\n`);
    },
  };
}

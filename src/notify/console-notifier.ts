import type { Transition } from '../domain/transition';
import { buildAlertFacts } from './alert-facts';
import { describeNotice } from './notice-text';
import type { ChannelName, Notifier } from './notifier';

/** The demo's stand-in for Slack: a readable block on the terminal. */
export function createConsoleNotifier(displayTimeZone: string, write: (text: string) => void = (text) => process.stdout.write(text)): Notifier {
  const channel: ChannelName = 'slack';
  return {
    channel,
    async send(transition: Transition, options = {}) {
      const f = buildAlertFacts(transition, displayTimeZone, { test: options.test });
      const lines = [
        `${f.icon} ${f.test ? '[TEST] ' : ''}${f.status} · workflow ${f.workflow} · execution ${f.shortId}`,
        `   start ${f.start} · end ${f.end} · took ${f.duration} · version ${f.version} · ${f.execPosition}`,
      ];
      if (f.error !== null) lines.push(`   error: ${f.error}`);
      if (f.result?.msg) lines.push(`   result: ${f.result.msg}${f.result.data ? ` ${f.result.data}` : ''}`);
      if (f.result?.videoPath) lines.push(`   video: ${f.result.videoPath}`);
      if (f.parameters) lines.push(`   parameters: ${f.parameters}`);
      // eslint-disable-next-line no-control-regex -- terminal escape sequences from API text must not reach the terminal
      write(`${lines.map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')).join('\n')}\n`);
    },
    async sendNotice(notice) {
      const text = describeNotice(notice, displayTimeZone);
      write(`${text.icon} ${text.title}\n   ${text.body}\n`);
    },
  };
}

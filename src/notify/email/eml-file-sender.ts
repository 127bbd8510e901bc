import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadNodemailer, type MailSender } from './email-notifier';

/** Writes each mail as an `.eml` file (any mail program opens it): the demo's stand-in for SMTP. */
export function createEmlFileSender(directory: string): MailSender {
  const transport = loadNodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let sequence = 0;
  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      await mkdir(directory, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const slug = mail.subject.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
      await writeFile(path.join(directory, `${stamp}-${++sequence}-${slug}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}

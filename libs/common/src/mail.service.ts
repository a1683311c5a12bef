import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { KanavaConfig } from './config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Where mail goes: `smtp` (KANAVA_SMTP_URL), `outbox` (demo mode without SMTP: one
 * `.eml` file per mail in `<KANAVA_DATA_DIR>/outbox`, so invitations, reminders and
 * digests can be read on the first day), or `off` (production without SMTP).
 */
export type MailMode = 'smtp' | 'outbox' | 'off';

/** The folder demo mail is written to. */
export function outboxDir(config: Pick<KanavaConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'outbox');
}

/**
 * Sends mail over SMTP, or writes it to the demo outbox. Invariant: callers put no
 * case content, names or identities in mail; only notices and links.
 */
@Injectable()
export class MailService {
  private transport?: Transporter;
  private readonly files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly config: KanavaConfig) {}

  get mode(): MailMode {
    if (this.config.smtpUrl) return 'smtp';
    return this.config.demo ? 'outbox' : 'off';
  }

  /** Whether mail goes anywhere (reminders and digests record nothing when it does not). */
  get enabled(): boolean {
    return this.mode !== 'off';
  }

  /** Sends the mail; answers where it went, or false when mail is off. */
  async send(mail: OutgoingMail): Promise<Exclude<MailMode, 'off'> | false> {
    const message = { from: this.config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text };
    switch (this.mode) {
      case 'smtp':
        this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
        await this.transport.sendMail(message);
        return 'smtp';
      case 'outbox': {
        const { message: eml } = (await this.files.sendMail(message)) as { message: Buffer };
        const dir = outboxDir(this.config);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        // Sortable by time; the random part keeps two mails of one millisecond apart.
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
        await writeFile(path.join(dir, name), eml, { mode: 0o600 });
        return 'outbox';
      }
      default:
        return false;
    }
  }
}

import { Injectable } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { KanavaConfig } from './config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail over SMTP (KANAVA_SMTP_URL). Invariant: callers put no case content,
 * names or identities in mail; only notices and links.
 */
@Injectable()
export class MailService {
  private transport?: Transporter;

  constructor(private readonly config: KanavaConfig) {}

  get enabled(): boolean {
    return !!this.config.smtpUrl;
  }

  /** Sends the mail; false when no SMTP server is configured. */
  async send(mail: OutgoingMail): Promise<boolean> {
    if (!this.config.smtpUrl) return false;
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    await this.transport.sendMail({ from: this.config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  }
}

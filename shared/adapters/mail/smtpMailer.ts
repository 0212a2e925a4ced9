// The Mailer over SMTP, with nodemailer. One connection per message (no pool):
// the app sends a handful of mails, and nothing stays open between them.
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { appClock, type Clock } from '../../core/clock';
import type { MailConfig } from './mailConfig';
import type { Mailer, MailMessage } from './mailer';

/** How long each phase may take; short, so a dead server fails the activity (and its retry) fast. */
export interface SmtpTimeouts {
    connectionMs: number;
    greetingMs: number;
    socketMs: number;
}

const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

export class SmtpMailer implements Mailer {
    private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

    constructor(
        private readonly config: MailConfig,
        timeouts: Partial<SmtpTimeouts> = {},
        private readonly clock: Clock = appClock,
    ) {
        const t = { ...DEFAULT_TIMEOUTS, ...timeouts };
        this.transport = nodemailer.createTransport({
            host: config.host,
            port: config.port,
            secure: config.tls === 'implicit',
            requireTLS: config.tls === 'starttls',
            ignoreTLS: config.tls === 'none',
            auth: config.auth,
            connectionTimeout: t.connectionMs,
            greetingTimeout: t.greetingMs,
            socketTimeout: t.socketMs,
        });
    }

    async send(message: MailMessage): Promise<{ messageId: string }> {
        const info = await this.transport.sendMail({
            from: this.config.from,
            to: typeof message.to === 'string' ? message.to : [...message.to],
            subject: message.subject,
            text: message.text,
            html: message.html,
            // the app's time, not the machine's (nodemailer's default): a mail sent on a set clock is dated by it
            date: new Date(this.clock.now()),
        });
        return { messageId: info.messageId };
    }

    close(): void {
        this.transport.close();
    }
}

// Where mail goes, from the environment: a real SMTP server when SMTP_HOST is
// set, else the local host's SMTP sink (LOCAL_SMTP_PORT), which needs nothing.
import { z } from 'zod';

export interface MailConfig {
    host: string;
    port: number;
    /**
     * `implicit`: TLS from the first byte (port 465, SMTP_SECURE=true).
     * `starttls`: plain connect, then an upgrade that MUST happen, so a
     * password never crosses the network in clear.
     * `none`: no TLS at all; only for the sink on 127.0.0.1.
     */
    tls: 'implicit' | 'starttls' | 'none';
    auth?: { user: string; pass: string };
    from: string;
}

const LOCAL_FROM = 'Telco Overage Orchestrator <overage@localhost>';
const port = z.coerce.number().int().min(1).max(65535);

const envSchema = z
    .object({
        SMTP_HOST: z.string().min(1).optional(),
        SMTP_PORT: port.optional(),
        SMTP_SECURE: z.stringbool().default(false),
        SMTP_USER: z.string().min(1).optional(),
        SMTP_PASSWORD: z.string().min(1).optional(),
        MAIL_FROM: z.string().min(1).optional(),
        LOCAL_SMTP_PORT: port.optional(),
    })
    .refine((e) => e.SMTP_HOST || e.LOCAL_SMTP_PORT, { message: 'Set SMTP_HOST (and MAIL_FROM), or run under the local host (LOCAL_SMTP_PORT)' })
    .refine((e) => !e.SMTP_HOST || e.MAIL_FROM, { message: 'MAIL_FROM is required with SMTP_HOST', path: ['MAIL_FROM'] })
    .refine((e) => !e.SMTP_USER === !e.SMTP_PASSWORD, { message: 'Set SMTP_USER and SMTP_PASSWORD together', path: ['SMTP_PASSWORD'] });

export function loadMailConfig(env: Record<string, string | undefined>): MailConfig {
    const e = envSchema.parse(env);
    const auth = e.SMTP_USER && e.SMTP_PASSWORD ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } : undefined;
    if (e.SMTP_HOST) {
        return { host: e.SMTP_HOST, port: e.SMTP_PORT ?? (e.SMTP_SECURE ? 465 : 587), tls: e.SMTP_SECURE ? 'implicit' : 'starttls', auth, from: e.MAIL_FROM! };
    }
    return { host: '127.0.0.1', port: e.LOCAL_SMTP_PORT!, tls: 'none', auth, from: e.MAIL_FROM ?? LOCAL_FROM };
}

// Where mail goes, from the environment. MAIL_TRANSPORT=graph sends through
// Microsoft Graph as the MAIL_SENDER mailbox with the app's managed identity
// (Azure). Otherwise SMTP: a real server when SMTP_HOST is set, else the local
// host's SMTP sink (LOCAL_SMTP_PORT), which needs nothing.
import { z } from 'zod';
import { GRAPH_MAIL_URL } from './graphMailer';

/** SMTP settings (SmtpMailer's). */
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

export type SmtpMailConfig = MailConfig & { transport: 'smtp' };

export interface GraphMailConfig {
    transport: 'graph';
    graphUrl: string;
    /** The mailbox mail is sent as (UPN or object id). */
    mailbox: string;
}

export type MailSettings = SmtpMailConfig | GraphMailConfig;

const LOCAL_FROM = 'Telco Overage Orchestrator <overage@localhost>';
const port = z.coerce.number().int().min(1).max(65535);

/** The variables mail reads, before the rules that tie them together. */
const fields = z.object({
    MAIL_TRANSPORT: z.enum(['smtp', 'graph']).optional(),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: port.optional(),
    SMTP_SECURE: z.stringbool().default(false),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASSWORD: z.string().min(1).optional(),
    MAIL_FROM: z.string().min(1).optional(),
    LOCAL_SMTP_PORT: port.optional(),
    MAIL_SENDER: z.string().min(1).optional(),
    GRAPH_URL: z.url().optional(),
    // read only to refuse it with Graph (below)
    AZURE_CLIENT_SECRET: z.string().min(1).optional(),
});

type MailEnv = z.infer<typeof fields>;
const smtp = (e: MailEnv) => e.MAIL_TRANSPORT !== 'graph';
const graph = (e: MailEnv) => e.MAIL_TRANSPORT === 'graph';

/** Mail's settings and their rules (part of the start-up check, shared/settings). */
export const mailEnv = fields
    .refine((e) => !smtp(e) || e.SMTP_HOST || e.LOCAL_SMTP_PORT, { message: 'Set SMTP_HOST (and MAIL_FROM), or MAIL_TRANSPORT=graph with MAIL_SENDER, or run under the local host (LOCAL_SMTP_PORT)', path: ['SMTP_HOST'] })
    .refine((e) => !smtp(e) || !e.SMTP_HOST || e.MAIL_FROM, { message: 'MAIL_FROM is required with SMTP_HOST', path: ['MAIL_FROM'] })
    .refine((e) => !e.SMTP_USER === !e.SMTP_PASSWORD, { message: 'Set SMTP_USER and SMTP_PASSWORD together', path: ['SMTP_PASSWORD'] })
    .refine((e) => !graph(e) || e.MAIL_SENDER, { message: 'MAIL_SENDER is required with MAIL_TRANSPORT=graph: the UPN (or object id) of the mailbox mail is sent as', path: ['MAIL_SENDER'] })
    // Mail.Send as an application can send as ANY mailbox, so only a managed identity (no secret to leak) may hold it;
    // with a secret set, AZURE_CLIENT_ID names an app registration, not the managed identity Graph mail needs
    .refine((e) => !graph(e) || !e.AZURE_CLIENT_SECRET, {
        message: 'MAIL_TRANSPORT=graph sends with the managed identity, never a client secret: unset AZURE_CLIENT_SECRET and set AZURE_CLIENT_ID to the user-assigned identity (or leave it unset for the system-assigned one)',
        path: ['AZURE_CLIENT_SECRET'],
    });

export function loadMailConfig(env: Record<string, string | undefined>): MailSettings {
    const e = mailEnv.parse(env);
    if (graph(e)) return { transport: 'graph', graphUrl: e.GRAPH_URL ?? GRAPH_MAIL_URL, mailbox: e.MAIL_SENDER! };
    const auth = e.SMTP_USER && e.SMTP_PASSWORD ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } : undefined;
    if (e.SMTP_HOST) {
        return { transport: 'smtp', host: e.SMTP_HOST, port: e.SMTP_PORT ?? (e.SMTP_SECURE ? 465 : 587), tls: e.SMTP_SECURE ? 'implicit' : 'starttls', auth, from: e.MAIL_FROM! };
    }
    return { transport: 'smtp', host: '127.0.0.1', port: e.LOCAL_SMTP_PORT!, tls: 'none', auth, from: e.MAIL_FROM ?? LOCAL_FROM };
}

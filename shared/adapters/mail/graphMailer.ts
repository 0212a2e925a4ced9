// The Mailer over Microsoft Graph: `POST /v1.0/users/{mailbox}/sendMail`, sent
// as a configured mailbox with the app's own identity (application permission
// Mail.Send). In Azure this replaces SMTP: no password, no SMTP AUTH to enable.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createJsonClient, JsonClient, UpstreamHttpError } from '../http/httpClient';
import type { TokenProvider } from '../identity/tokenProviders';
import type { Mailer, MailMessage } from './mailer';

export const GRAPH_MAIL_URL = 'https://graph.microsoft.com';

/**
 * Where our Message-ID travels. Graph documents `internetMessageId` as a
 * property Exchange assigns, not one sendMail accepts, and answers 202 with no
 * body, so the id Exchange gives the mail is never returned to us. What Graph
 * does document for a new message is custom Internet headers named `x-…`
 * (message resource, "internetMessageHeaders"), which travel with the mail; so
 * our own RFC 5322 msg-id goes there, and a mail can be found by it in the
 * recipient's headers or in the sender's Sent Items.
 */
export const MESSAGE_ID_HEADER = 'x-overage-message-id';

export interface GraphMailerOptions {
    /** Graph's root; another origin is a national cloud's Graph (or a local stand-in). */
    baseUrl?: string;
    /** The mailbox mail is sent as: a user principal name or a user object id. */
    mailbox: string;
    /** Asked before each attempt, so a retry never carries an expired token. */
    token: TokenProvider;
    /** Keep a copy in the mailbox's Sent Items (Graph's default): the record of what the app mailed. */
    saveToSentItems?: boolean;
    timeoutMs?: number;
    retries?: number;
    budgetMs?: number;
    backoffMs?: number;
    maxBackoffMs?: number;
}

/** Graph refused the mail (a 4xx, or throttling that outlasted the budget); `graphCode` is Graph's `error.code`. */
export class GraphMailError extends Error {
    readonly code = 'graph-mail-refused';

    constructor(
        message: string,
        readonly status: number,
        readonly graphCode: string | undefined,
        options: { cause: unknown },
    ) {
        super(message, options);
        this.name = 'GraphMailError';
    }
}

const GraphErrorBody = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });

export class GraphMailer implements Mailer {
    private readonly http: JsonClient;
    private readonly path: string;
    private readonly idDomain: string;

    constructor(private readonly options: GraphMailerOptions) {
        const baseUrl = options.baseUrl ?? GRAPH_MAIL_URL;
        const scope = graphScope(baseUrl);
        this.http = createJsonClient({
            name: 'microsoft-graph-mail',
            baseUrl,
            token: () => options.token(scope),
            timeoutMs: options.timeoutMs ?? 20_000,
            retries: options.retries ?? 4,
            budgetMs: options.budgetMs ?? 60_000,
            backoffMs: options.backoffMs ?? 500,
            // Exchange's Retry-After runs to tens of seconds; the budget still bounds the whole send
            maxBackoffMs: options.maxBackoffMs ?? 30_000,
        });
        this.path = `/v1.0/users/${encodeURIComponent(options.mailbox)}/sendMail`;
        // an object id has no domain; `.invalid` (RFC 2606) can never clash with a real host's ids
        this.idDomain = options.mailbox.includes('@') ? options.mailbox.slice(options.mailbox.lastIndexOf('@') + 1) : 'graph-mail.invalid';
    }

    async send(message: MailMessage): Promise<{ messageId: string }> {
        const messageId = `<${randomUUID()}@${this.idDomain}>`;
        const to = typeof message.to === 'string' ? [message.to] : [...message.to];
        const body = {
            message: {
                subject: message.subject,
                // a Graph message has one body: the HTML when there is one (the text version is then not sent)
                body: message.html !== undefined ? { contentType: 'HTML', content: message.html } : { contentType: 'Text', content: message.text },
                toRecipients: to.map((address) => ({ emailAddress: { address } })),
                internetMessageHeaders: [{ name: MESSAGE_ID_HEADER, value: messageId }],
            },
            saveToSentItems: this.options.saveToSentItems ?? true,
        };
        try {
            // Retried as if idempotent, or Graph's 504 (a throttling answer, like 429 and 503) would
            // not be; so are 500/502, timeouts and resets. sendMail has no idempotency key, so such a
            // retry may mail twice: a duplicate notice is the lesser harm than a lost handover link,
            // and the activity above is at-least-once anyway.
            await this.http.request('POST', this.path, { schema: z.unknown(), body, idempotent: true });
        } catch (error) {
            if (error instanceof UpstreamHttpError) throw this.refusal(error);
            throw error;
        }
        return { messageId };
    }

    private refusal(error: UpstreamHttpError): GraphMailError {
        const parsed = GraphErrorBody.safeParse(error.problem);
        const graphCode = parsed.success ? parsed.data.error.code : undefined;
        const graphMessage = parsed.success ? parsed.data.error.message : undefined;
        const said = [graphCode, graphMessage].filter(Boolean).join(': ') || error.bodyExcerpt || 'no error body';
        const hint = hintFor(error.status, graphCode, this.options.mailbox);
        return new GraphMailError(`Microsoft Graph refused to send mail as ${this.options.mailbox} (HTTP ${error.status}, ${error.attempts} attempt${error.attempts === 1 ? '' : 's'}): ${said}${hint ? `. ${hint}` : ''}`, error.status, graphCode, { cause: error });
    }
}

/**
 * The token's scope is the resource the base URL names: Graph's own, or a
 * national cloud's Graph (graph.microsoft.us, microsoftgraph.chinacloudapi.cn…),
 * whose tokens are issued for its own origin. A path on the base URL (a stand-in
 * mounted under /simulator/graph) is not part of an Entra resource id.
 */
export function graphScope(baseUrl: string): string {
    return `${new URL(baseUrl).origin}/.default`;
}

/** What an operator does about each refusal Graph documents for sendMail. */
function hintFor(status: number, graphCode: string | undefined, mailbox: string): string | undefined {
    if (status === 401) return "The token was not accepted: check the app's managed identity (AZURE_CLIENT_ID) and that GRAPH_URL is the Graph its tokens are for";
    if (status === 403 || graphCode === 'ErrorAccessDenied') {
        return `The app's identity may not send as ${mailbox}: grant its managed identity the Mail.Send application permission (admin consent), and check that no Exchange application access policy or RBAC for Applications scope leaves this mailbox out`;
    }
    if (status === 404 || graphCode === 'ErrorInvalidUser' || graphCode === 'MailboxNotEnabledForRESTAPI') return `No mailbox ${mailbox} can send: set MAIL_SENDER to the UPN or object id of a user or shared mailbox in Exchange Online`;
    if (graphCode === 'ErrorInvalidRecipients') return 'A recipient address was refused: check the To addresses';
    if (status === 429) return 'Graph kept throttling beyond the retry budget; the step can be tried again later';
    return undefined;
}

// A stand-in for Microsoft Graph's `POST /v1.0/users/{id | userPrincipalName}/sendMail`,
// read from Graph's documentation (user-sendmail, message, recipient, itemBody,
// internetMessageHeader) and its error shape `{ error: { code, message } }`,
// not from the app's adapter: it checks what Graph checks, keeps what Graph
// would send, and answers 202 with an empty body.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInOptions {
    /** The bearer token Graph would accept (any other is refused with 401). */
    token: string;
    /** Mailboxes that exist, by UPN or object id (matched without case, like Exchange). */
    mailboxes: string[];
    /** Mailboxes an application access policy keeps the app out of: 403 ErrorAccessDenied. */
    deniedMailboxes?: string[];
}

export interface AcceptedMail {
    /** The mailbox in the URL, as sent. */
    mailbox: string;
    subject: string | undefined;
    contentType: 'text' | 'html';
    content: string;
    to: string[];
    cc: string[];
    bcc: string[];
    /** Custom `x-` headers, by lower-cased name. */
    headers: Record<string, string>;
    saveToSentItems: boolean;
}

export interface SeenRequest {
    at: number;
    method: string;
    path: string;
    status: number;
}

interface Refusal {
    status: number;
    code: string;
    message: string;
    headers?: Record<string, string>;
}

const SEND_MAIL_PATH = /^\/v1\.0\/users\/([^/]+)\/sendMail$/i;
const SEND_MAIL_PARAMETERS = new Set(['message', 'saveToSentItems']);
// dot-atom@domain: enough to tell a routable address from a typo; Exchange resolves the rest
const ADDRESS = /^[^\s@<>(),;:"[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export class GraphSendMailStandIn {
    readonly accepted: AcceptedMail[] = [];
    readonly requests: SeenRequest[] = [];
    private readonly server: http.Server;
    private throttled: { count: number; retryAfterSeconds: number; status: number } = { count: 0, retryAfterSeconds: 0, status: 429 };
    private refused = 0;
    private url?: string;

    constructor(private readonly options: StandInOptions) {
        this.server = http.createServer((req, res) => void this.handle(req, res));
    }

    /** Listens on 127.0.0.1 on a free port; resolves with the base URL (Graph's root). */
    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        return this.url;
    }

    /** The next `count` requests get `status` (429 by default; 503 and 504 as Graph also sends) with Retry-After. */
    throttleNext(count: number, retryAfterSeconds: number, status = 429): void {
        this.throttled = { count, retryAfterSeconds, status };
    }

    /** The next `count` sends are refused as an application access policy would refuse them: 403 ErrorAccessDenied. */
    refuseNext(count: number): void {
        this.refused = count;
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    }

    private takeRefusal(): boolean {
        if (this.refused === 0) return false;
        this.refused--;
        return true;
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const raw = await readBody(req);
        const path = (req.url ?? '/').split('?')[0];
        const refusal = this.check(req, path, raw);
        const status = refusal ? refusal.status : 202;
        this.requests.push({ at: Date.now(), method: req.method ?? '', path, status });
        if (!refusal) {
            res.writeHead(202, { 'content-length': '0' }).end();
            return;
        }
        const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message, innerError: { date: new Date().toISOString(), 'request-id': `stand-in-${this.requests.length}` } } });
        res.writeHead(refusal.status, { 'content-type': 'application/json', ...refusal.headers }).end(body);
    }

    /** Graph's checks, in the order a request meets them; undefined = accepted (and kept). */
    private check(req: http.IncomingMessage, path: string, raw: string): Refusal | undefined {
        const auth = req.headers.authorization ?? '';
        if (!auth.startsWith('Bearer ') || auth.slice('Bearer '.length) === '') return { status: 401, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' };
        if (auth.slice('Bearer '.length) !== this.options.token) return { status: 401, code: 'InvalidAuthenticationToken', message: 'IDX14100: JWT is not well formed.' };
        const match = SEND_MAIL_PATH.exec(path);
        if (!match) return { status: 400, code: 'BadRequest', message: `Resource not found for the segment '${path.split('/').pop()}'.` };
        if (req.method !== 'POST') return { status: 405, code: 'Request_BadRequest', message: `The HTTP method '${req.method}' is not allowed for sendMail.` };
        const mailbox = decodeURIComponent(match[1]);
        const known = (list: string[] = []) => list.some((m) => m.toLowerCase() === mailbox.toLowerCase());
        if (!known(this.options.mailboxes)) return { status: 404, code: 'ErrorInvalidUser', message: `The requested user '${mailbox}' is invalid.` };
        if (known(this.options.deniedMailboxes) || this.takeRefusal()) return { status: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' };
        // throttling is counted per app and mailbox, so it comes once both are known
        if (this.throttled.count > 0) {
            this.throttled.count--;
            const { status, retryAfterSeconds } = this.throttled;
            const code = status === 429 ? 'ApplicationThrottled' : status === 503 ? 'ServiceUnavailable' : 'GatewayTimeout';
            return { status, code, message: 'Application is over its MailboxConcurrency limit.', headers: { 'retry-after': String(retryAfterSeconds) } };
        }
        if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return { status: 400, code: 'RequestBodyRead', message: 'A JSON body with Content-Type application/json was expected.' };
        const parsed = parseSendMail(raw);
        if ('status' in parsed) return parsed;
        this.accepted.push({ ...parsed, mailbox });
        return undefined;
    }
}

/** The documented body: `{ message: message, saveToSentItems?: Boolean }`. */
function parseSendMail(raw: string): Omit<AcceptedMail, 'mailbox'> | Refusal {
    const bad = (message: string): Refusal => ({ status: 400, code: 'RequestBodyRead', message });
    let json: unknown;
    try {
        json = JSON.parse(raw);
    } catch {
        return bad('Invalid JSON. An unexpected character was encountered.');
    }
    if (!isObject(json)) return bad('A JSON object was expected.');
    for (const name of Object.keys(json)) {
        if (!SEND_MAIL_PARAMETERS.has(name)) return bad(`The parameter '${name}' in the request payload is not a valid parameter for the operation 'sendMail'.`);
    }
    const { message, saveToSentItems = true } = json;
    if (!isObject(message)) return { status: 400, code: 'ErrorInvalidParameter', message: "The value of the parameter 'Message' is empty." };
    // OData reads Edm.Boolean from JSON booleans and, as the documented example sends, from "true"/"false"
    if (![true, false, 'true', 'false'].includes(saveToSentItems as never)) return bad(`Cannot convert the literal '${String(saveToSentItems)}' to the expected type 'Edm.Boolean'.`);
    if (message.subject !== undefined && typeof message.subject !== 'string') return bad("Cannot convert a value to the expected type 'Edm.String' for 'subject'.");

    const body = message.body ?? { contentType: 'text', content: '' };
    if (!isObject(body) || (body.content !== undefined && typeof body.content !== 'string')) return bad("Cannot read 'body' as a microsoft.graph.itemBody.");
    const contentType = typeof body.contentType === 'string' ? body.contentType.toLowerCase() : 'text';
    if (contentType !== 'text' && contentType !== 'html') return bad(`Cannot convert the literal '${String(body.contentType)}' to the expected type 'microsoft.graph.bodyType'.`);

    const recipients: Record<'to' | 'cc' | 'bcc', string[]> = { to: [], cc: [], bcc: [] };
    for (const [field, key] of [['toRecipients', 'to'], ['ccRecipients', 'cc'], ['bccRecipients', 'bcc']] as const) {
        const list = message[field] ?? [];
        if (!Array.isArray(list)) return bad(`'${field}' must be a collection of microsoft.graph.recipient.`);
        for (const recipient of list) {
            const address = isObject(recipient) && isObject(recipient.emailAddress) ? recipient.emailAddress.address : undefined;
            if (typeof address !== 'string' || !ADDRESS.test(address)) {
                return { status: 400, code: 'ErrorInvalidRecipients', message: `At least one recipient isn't valid., Recipient '${String(address)}' isn't resolved. All recipients must be resolved before a message can be submitted.` };
            }
            recipients[key].push(address);
        }
    }
    if (recipients.to.length + recipients.cc.length + recipients.bcc.length === 0) return { status: 400, code: 'ErrorInvalidRecipients', message: "At least one recipient isn't valid., A message can't be sent because it contains no recipients." };

    const headers: Record<string, string> = {};
    const list = message.internetMessageHeaders ?? [];
    if (!Array.isArray(list)) return bad("'internetMessageHeaders' must be a collection of microsoft.graph.internetMessageHeader.");
    for (const header of list) {
        if (!isObject(header) || typeof header.name !== 'string' || typeof header.value !== 'string') return bad('An internetMessageHeader needs a name and a value.');
        // custom headers only, and only `x-` ones: Graph refuses to let a client set Message-ID, From…
        if (!/^x-/i.test(header.name)) return { status: 400, code: 'InvalidInternetMessageHeader', message: `The internet message header name '${header.name}' should start with 'x-' or 'X-'.` };
        headers[header.name.toLowerCase()] = header.value;
    }
    return {
        subject: message.subject as string | undefined,
        contentType,
        content: (body.content as string | undefined) ?? '',
        ...recipients,
        headers,
        saveToSentItems: saveToSentItems === true || saveToSentItems === 'true',
    };
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}

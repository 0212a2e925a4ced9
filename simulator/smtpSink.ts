// The simulator's SMTP sink (dev/test only): the mail server the app sends to
// locally. Every accepted message is parsed and kept in the KV, so the mailbox
// (and the links a test follows, such as a handover link) survives a restart.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { Kv } from '../shared/embedded/kv';

const MAILBOX = 'sim-mailbox';
/** The sequence lives apart from the mailbox, so ids are never reused after a clear. */
const META = 'sim-mailbox-meta';
const SEQUENCE = 'sequence';

export interface MailboxEntry {
    /** Zero-padded arrival number: the KV's key order is arrival order. */
    id: string;
    /** The Message-ID header, as the sender's `send` returned it. */
    messageId: string | null;
    /** The envelope's recipients: who it was delivered to, Bcc included. */
    to: string[];
    from: string;
    subject: string;
    text: string;
    html: string | null;
    /** Every http(s) URL in the text, then in the HTML, once each, in order. */
    links: string[];
    receivedAt: string;
}

export interface SmtpSinkOptions {
    /** Larger messages are refused with 552, as a real server would. */
    maxMessageBytes?: number;
    clock?: () => Date;
}

export class SmtpSink {
    private server?: SMTPServer;
    private sequence: number;
    private readonly maxMessageBytes: number;
    private readonly clock: () => Date;

    constructor(
        private readonly kv: Kv,
        options: SmtpSinkOptions = {},
    ) {
        this.maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
        this.clock = options.clock ?? (() => new Date());
        this.sequence = kv.get<number>(META, SEQUENCE) ?? 0;
    }

    /** Listens on 127.0.0.1 at a free port, and returns it. */
    async start(): Promise<number> {
        const server = new SMTPServer({
            // plain SMTP on loopback: no certificate to make, nothing to sniff
            secure: false,
            disabledCommands: ['STARTTLS'],
            authOptional: true,
            allowInsecureAuth: true,
            onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
            size: this.maxMessageBytes,
            logger: false,
            banner: 'telco-overage simulator mail sink',
            // stop() should not wait 30 s for a client that keeps its connection open
            closeTimeout: 1000,
            onData: (stream, session, callback) => this.receive(stream, session, callback),
        });
        // a client's broken connection is the client's problem; without a listener it would crash the host
        server.on('error', () => {});
        await new Promise<void>((resolve, reject) => {
            server.server.once('error', reject);
            server.listen(0, '127.0.0.1', () => resolve());
        });
        this.server = server;
        return (server.server.address() as AddressInfo).port;
    }

    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (server) await new Promise<void>((resolve) => server.close(resolve));
    }

    /** Oldest first. */
    list(): MailboxEntry[] {
        return this.kv.entries<MailboxEntry>(MAILBOX).map(([, entry]) => entry);
    }

    async clear(): Promise<void> {
        await this.kv.commit(this.kv.entries(MAILBOX).map(([key]) => ({ table: MAILBOX, key })));
    }

    private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
        const chunks: Buffer[] = [];
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
            // keep reading an oversized message to the end (the protocol needs it), but stop holding it
            bytes += chunk.length;
            if (bytes <= this.maxMessageBytes) chunks.push(chunk);
        });
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
            if (stream.sizeExceeded) {
                return callback(Object.assign(new Error(`message exceeds the maximum size of ${this.maxMessageBytes} bytes`), { responseCode: 552 }));
            }
            this.store(Buffer.concat(chunks), session).then(
                (id) => callback(null, `queued as ${id}`),
                (error: Error) => callback(error),
            );
        });
    }

    /** Parses and commits the message before the server answers 250, so an accepted mail is a kept mail. */
    private async store(raw: Buffer, session: SMTPServerSession): Promise<string> {
        const mail = await simpleParser(raw);
        // MIME ends a text part with a line break the sender did not write; mailparser keeps it
        const text = (mail.text ?? '').replace(/\r?\n$/, '');
        const html = typeof mail.html === 'string' ? mail.html : null;
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const id = String(++this.sequence).padStart(12, '0');
        const entry: MailboxEntry = {
            id,
            messageId: mail.messageId ?? null,
            to: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from?.value[0]?.address ?? envelopeFrom,
            subject: mail.subject ?? '',
            text,
            html,
            links: extractLinks(text, html),
            receivedAt: this.clock().toISOString(),
        };
        await this.kv.commit([
            { table: MAILBOX, key: id, value: entry },
            { table: META, key: SEQUENCE, value: this.sequence },
        ]);
        return id;
    }
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi;
const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** http(s) URLs in a mail's text and HTML, deduplicated, in order of appearance. */
export function extractLinks(text: string, html: string | null): string[] {
    // HTML writes `&` in an href as `&amp;`: decode (in one pass, so `&amp;lt;` stays `&lt;`) before matching
    const decoded = (html ?? '').replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => HTML_ENTITIES[name]);
    const links = [...text.matchAll(URL_PATTERN), ...decoded.matchAll(URL_PATTERN)].map(([url]) => trimTrailingPunctuation(url));
    return [...new Set(links)];
}

/** "see https://x.example/a." or "(https://x.example/a)": the sentence's punctuation is not part of the link. */
function trimTrailingPunctuation(url: string): string {
    return url.replace(/[.,;:!?)\]}]+$/, '');
}

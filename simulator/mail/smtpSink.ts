// The simulator's SMTP sink: the mail server the app sends to locally. Each
// accepted message is parsed and kept in the simulator's store before the
// server answers 250, so an accepted mail is a kept mail and the mailbox (and
// the links a test follows) survives a restart. With a write log, every
// delivery attempt is logged too, in order with the simulated APIs' writes.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { bodyDigest, WriteLog } from '../log/writeLog';
import type { SimulatorStore, StoreOp } from '../store/store';
import { extractLinks } from './links';

export { extractLinks } from './links';

const MAILBOX = 'mailbox';
/** The sequence lives apart from the mailbox, so ids are never reused after a clear. */
const META = 'mailbox-meta';
const SEQUENCE = 'sequence';

export interface MailboxEntry {
    /** Zero-padded arrival number: the store's key order is arrival order. */
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
    /** The Date header: when the sender says it sent the mail (null without one). */
    sentAt: string | null;
    receivedAt: string;
}

export interface SmtpSinkOptions {
    /** Larger messages are refused with 552, as a real server would. */
    maxMessageBytes?: number;
    clock?: () => Date;
    /** Where deliveries are logged (service `mail`, method `SMTP`, path `/mailbox/{id}`). */
    log?: WriteLog;
}

export class SmtpSink {
    private server?: SMTPServer;
    private sequence: number;
    private readonly maxMessageBytes: number;
    private readonly clock: () => Date;

    constructor(
        private readonly store: SimulatorStore,
        private readonly options: SmtpSinkOptions = {},
    ) {
        this.maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
        this.clock = options.clock ?? (() => new Date());
        this.sequence = store.get<number>(META, SEQUENCE) ?? 0;
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
        return this.store.entries<MailboxEntry>(MAILBOX).map(([, entry]) => entry);
    }

    async clear(): Promise<void> {
        await this.store.commit(this.store.entries(MAILBOX).map(([key]) => ({ table: MAILBOX, key })));
    }

    private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
        const chunks: Buffer[] = [];
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
            // read an oversized message to its end (the protocol needs it), but stop holding it
            bytes += chunk.length;
            if (bytes <= this.maxMessageBytes) chunks.push(chunk);
        });
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
            const raw = Buffer.concat(chunks);
            if (stream.sizeExceeded) {
                void this.commit([], { path: '/mailbox', raw, status: 552 }).finally(() =>
                    callback(Object.assign(new Error(`message exceeds the maximum size of ${this.maxMessageBytes} bytes`), { responseCode: 552 })));
                return;
            }
            this.keep(raw, session).then((id) => callback(null, `queued as ${id}`), (error: Error) => callback(error));
        });
    }

    private async keep(raw: Buffer, session: SMTPServerSession): Promise<string> {
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
            sentAt: mail.date?.toISOString() ?? null,
            receivedAt: this.clock().toISOString(),
        };
        await this.commit([{ table: MAILBOX, key: id, value: entry }, { table: META, key: SEQUENCE, value: this.sequence }], { path: `/mailbox/${id}`, raw, status: 250 });
        return id;
    }

    /** Commits the mailbox change and, with a log, the delivery's entry in the same step. */
    private commit(ops: StoreOp[], delivery: { path: string; raw: Buffer; status: number }): Promise<unknown> {
        const log = this.options.log;
        if (!log) return this.store.commit(ops);
        return log.append({ service: 'mail', method: 'SMTP', path: delivery.path, partner: null, bodyDigest: bodyDigest(delivery.raw), status: delivery.status }, ops);
    }
}

// The real SmtpMailer sending to the simulator's SMTP sink over a socket, and
// the sink's mailbox: what it keeps, in which order, across a reopen.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMailConfig, SmtpMailer, SmtpMailConfig } from '../../shared/adapters/mail/mailers';
import { SmtpSink, SmtpSinkOptions } from '../../simulator/mail/smtpSink';
import { openStore, SimulatorStore } from '../../simulator/store/store';

let dir: string;
let kv: SimulatorStore;
let sink: SmtpSink;
let mailer: SmtpMailer;

function smtpSettings(env: Record<string, string>): SmtpMailConfig {
    const settings = loadMailConfig(env);
    if (settings.transport !== 'smtp') throw new Error(`expected SMTP settings, got ${settings.transport}`);
    return settings;
}

async function startSink(options: SmtpSinkOptions = {}): Promise<void> {
    kv = openStore(dir);
    sink = new SmtpSink(kv, options);
    const port = await sink.start();
    // the mailer dates its mails by the app's clock, here one that reads 29 November 2026
    mailer = new SmtpMailer(smtpSettings({ LOCAL_SMTP_PORT: String(port), MAIL_FROM: 'Overage <overage@contoso.example>' }), { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 }, { now: () => Date.parse('2026-11-29T12:00:00Z') });
}
async function stopSink(): Promise<void> {
    mailer.close();
    await sink.stop();
    await kv.close();
}

beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-sink-'));
    await startSink();
});
afterEach(async () => {
    await stopSink();
    fs.rmSync(dir, { recursive: true, force: true });
});

test('a sent mail lands in the mailbox with its recipients, subject, bodies and links', async () => {
    const { messageId } = await mailer.send({
        to: ['ada@contoso.example', 'bob@contoso.example'],
        subject: 'Overage handover for Contoso',
        text: 'Accept the handover: https://portal.example/handover?id=42&token=abc. Report: http://reports.example/r/1',
        html: '<p><a href="https://portal.example/handover?id=42&amp;token=abc">Accept</a> or <a href="https://portal.example/decline?id=42">decline</a></p>',
    });
    const [entry, ...rest] = sink.list();
    expect(rest).toEqual([]);
    expect(entry).toEqual({
        id: expect.any(String),
        messageId,
        to: ['ada@contoso.example', 'bob@contoso.example'],
        from: 'overage@contoso.example',
        subject: 'Overage handover for Contoso',
        text: expect.stringContaining('Accept the handover'),
        html: expect.stringContaining('<a href="https://portal.example/decline?id=42">'),
        links: ['https://portal.example/handover?id=42&token=abc', 'http://reports.example/r/1', 'https://portal.example/decline?id=42'],
        sentAt: '2026-11-29T12:00:00.000Z',
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
});

test('a text-only mail has no HTML', async () => {
    await mailer.send({ to: 'ada@contoso.example', subject: 'plain', text: 'no links here' });
    expect(sink.list()).toEqual([expect.objectContaining({ html: null, links: [], text: 'no links here' })]);
});

test('the mailbox lists oldest first; clear empties it and ids are not reused', async () => {
    for (const subject of ['first', 'second', 'third']) await mailer.send({ to: 'ada@contoso.example', subject, text: subject });
    const before = sink.list();
    expect(before.map((e) => e.subject)).toEqual(['first', 'second', 'third']);

    await sink.clear();
    expect(sink.list()).toEqual([]);
    await mailer.send({ to: 'ada@contoso.example', subject: 'fourth', text: 'fourth' });
    const [after] = sink.list();
    expect(after.id > before[2].id).toBe(true);
});

test('entries survive reopening the same data dir', async () => {
    await mailer.send({ to: 'ada@contoso.example', subject: 'kept', text: 'see https://portal.example/x' });
    const kept = sink.list();
    await stopSink();
    await startSink();
    expect(sink.list()).toEqual(kept);
    await mailer.send({ to: 'ada@contoso.example', subject: 'next', text: 'next' });
    expect(sink.list().map((e) => e.subject)).toEqual(['kept', 'next']);
});

test('a message over the size limit is refused with 552 and not kept', async () => {
    await stopSink();
    await startSink({ maxMessageBytes: 10_000 });
    const refused = mailer.send({ to: 'ada@contoso.example', subject: 'huge', text: 'x'.repeat(50_000) });
    await expect(refused).rejects.toMatchObject({ responseCode: 552 });
    expect(sink.list()).toEqual([]);
});

test('a server that accepts connections but never greets fails the send quickly', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const stuck = new SmtpMailer(smtpSettings({ LOCAL_SMTP_PORT: String(port) }), { greetingMs: 200 });
    const started = Date.now();
    try {
        await expect(stuck.send({ to: 'ada@contoso.example', subject: 's', text: 't' })).rejects.toThrow(/greeting/i);
        expect(Date.now() - started).toBeLessThan(2000);
    } finally {
        stuck.close();
        await new Promise((resolve) => silent.close(resolve));
    }
});

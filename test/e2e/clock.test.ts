// The product on a set clock: a run made "on 29 November" is recorded, audited,
// carried out by the simulated Partner Center and ARM, and mailed on that day,
// whatever day the test runs; the time set runs on.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

const SET = '2026-11-29T12:00:00Z';
/** On the set day: at or after the time set, within a minute of it. */
const onSetDay = (iso: string) => {
    const ms = Date.parse(iso) - Date.parse(SET);
    expect({ iso, ok: ms >= 0 && ms < 60_000 }).toEqual({ iso, ok: true });
};

let app: AppHost;
beforeAll(async () => {
    app = await startAppHost();
    await app.setClock(SET);
});
afterAll(async () => { await app.stop(); });

test('a run on a set clock: its record, audit trail, Microsoft\'s side, its mail and the read model all on that day', async () => {
    const started = await app.enable(CUSTOMERS.fineArt, { azureEntitlementId: 'new' });
    expect(started.status).toBe(202);
    const done = await app.finish(started.headers.get('location')!);
    expect(done).toMatchObject({ status: 'completed', result: 'enabled' });
    onSetDay(done.startedAt);
    onSetDay(done.endedAt);
    expect(Date.parse(done.endedAt)).toBeGreaterThan(Date.parse(done.startedAt)); // time runs on from the time set

    const audit = await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fineArt}/overage/audit?runId=${encodeURIComponent(done.id)}`);
    expect(audit.json.items.length).toBeGreaterThan(5);
    for (const e of audit.json.items) onSetDay(e.at);

    // the simulated cloud lives on the same day: its write log, and the subscription it created
    const log = (await app.call('GET', '/simulator/log')).json.entries as Array<{ at: string; service: string }>;
    expect(log.map((e) => e.service)).toEqual(expect.arrayContaining(['arm', 'partner-center', 'mail']));
    for (const e of log) onSetDay(e.at);

    // the customer's admin is mailed about auto-recharge: dated by the app, received by the sink, that day
    const [mail] = (await app.call('GET', '/simulator/mailbox')).json as Array<{ subject: string; sentAt: string; receivedAt: string }>;
    expect(mail.subject).toMatch(/auto-recharge/);
    onSetDay(mail.sentAt);
    onSetDay(mail.receivedAt);

    const read = await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fineArt}/overage?refresh=true`);
    expect(read.status).toBe(200);
    onSetDay(read.json.asOf);
});

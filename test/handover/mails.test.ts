// The handover's mails: each kind says who asks what, for which customer,
// service and subscription, and until when; links stand alone on their line;
// the HTML escapes what the parties' names contain.
import { HandoverMailKind, HandoverParties, StoredHandover } from '../../shared/core/handover/handoverSchemas';
import { handoverMail, utc } from '../../shared/features/handover/mails';
import { PARTIES } from '../helpers/approvalLinks';

const TENANT = '10000000-0000-4000-8000-000000000001';
const ENTITLEMENT = '30000000-0000-4000-8000-000000000002';
const LINK = 'https://overage.example/api/approvals/eyJhbGciOi.eyJoaWQi.c2lnbmF0dXJl';
const EXPIRES = '2026-12-13T12:00:00.000Z';

const parties = PARTIES;

function record(over: Partial<StoredHandover> = {}, state: Partial<StoredHandover['state']> = {}, who = parties): StoredHandover {
    return StoredHandover.parse({
        id: 'partnerHandover-0001', customerTenantId: TENANT, service: 'PhoneServices', version: 1, status: 'awaiting-approvals',
        state: {
            id: 'partnerHandover-0001', customerTenantId: TENANT, type: 'PhoneServices', fromPartnerId: '1001', toPartnerId: '1002',
            toAzureTarget: ENTITLEMENT, requestedAt: '2026-11-29T12:00:00.000Z', expiresAt: EXPIRES, status: 'pending',
            decisions: { currentPartner: null, newPartner: null, customer: null }, noneSetAt: null, completedAt: null, ...state,
        },
        request: { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: ENTITLEMENT },
        requestedBy: { partnerId: '1002', upn: 'admin@litware-voice.example' }, requestedAt: '2026-11-29T12:00:00.000Z',
        viewers: ['1001', '1002'],
        parties: {
            currentPartner: { partnerId: '1001', name: who.currentPartner.name, contact: who.currentPartner.contact, served: true },
            newPartner: { partnerId: '1002', name: who.newPartner.name, contact: who.newPartner.contact, served: true },
            customer: who.customer,
        },
        reminders: [], cancelled: null, azureEntitlementId: null, outcome: null, updatedAt: '2026-11-29T12:00:00.000Z',
        ...over,
    });
}

const mail = (kind: HandoverMailKind, h = record(), o: { link?: string; note?: string; party?: 'currentPartner' | 'newPartner' | 'customer'; who?: HandoverParties } = {}) =>
    handoverMail(kind, o.party ?? 'customer', { handover: h, parties: o.who ?? parties, link: o.link ?? (kind === 'invite' || kind === 'reminder' ? LINK : undefined), note: o.note });

test('the deadline is written out in UTC', () => {
    expect(utc(EXPIRES)).toBe('Sunday 13 December 2026, 12:00 UTC');
    expect(utc('2027-01-04T08:05:00.000Z')).toBe('Monday 4 January 2027, 08:05 UTC');
});

test.each(HandoverMailKind.options)('%s: says who asks what, for which customer, service and subscription, and until when', (kind) => {
    const m = mail(kind, record(), { note: 'Partner Center refused the change.' });
    for (const body of [m.text, m.html]) {
        expect(body).toContain('Fabrikam');
        expect(body).toContain(TENANT);
        expect(body).toContain('Teams Phone');
        expect(body).toContain('PhoneServices');
        expect(body).toContain(ENTITLEMENT);
        expect(body).toContain('Sunday 13 December 2026, 12:00 UTC');
        expect(body).toContain('admin@litware-voice.example');
        expect(body).toContain('Contoso Telecom (current partner)');
        expect(body).toContain('Litware Voice (new partner)');
    }
    expect(m.subject).toContain('Fabrikam');
    expect(m.html).not.toMatch(/<img|src=/i);
});

test.each(['invite', 'reminder'] as const)('%s: the link stands alone on its own line, and is the href in the HTML', (kind) => {
    const m = mail(kind);
    expect(m.text.split('\n')).toContain(LINK);
    expect(m.html).toContain(`<a href="${LINK}"`);
    expect(() => handoverMail(kind, 'customer', { handover: record(), parties })).toThrow(/link/);
});

test('the mails without a link carry no URL at all, so a test following "the link" cannot pick a wrong one', () => {
    for (const kind of HandoverMailKind.options.filter((k) => k !== 'invite' && k !== 'reminder')) {
        expect(mail(kind).text).not.toMatch(/https?:\/\//);
    }
});

test('the party is addressed in its own words', () => {
    expect(mail('invite', record(), { party: 'currentPartner' }).text).toMatch(/^Hello Contoso Telecom \(current partner\),/);
    expect(mail('invite', record(), { party: 'newPartner' }).text).toMatch(/^Hello Litware Voice \(new partner\),/);
    expect(mail('invite', record(), { party: 'customer' }).text).toMatch(/^Hello Fabrikam,/);
});

test('"new" names the subscription to be created', () => {
    const h = record({ request: { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: 'new', subscriptionName: 'Teams overage' } }, { toAzureTarget: 'new' });
    expect(mail('invite', h).text).toContain('a new Azure subscription named "Teams overage"');
    expect(mail('instructions-assign', h, { party: 'newPartner' }).text).toContain('Create a new Azure subscription named "Teams overage"');
    const unnamed = record({ request: { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: 'new' } }, { toAzureTarget: 'new' });
    expect(mail('invite', unnamed).text).toContain('a new Azure subscription');
});

test('the HTML escapes the names it shows; the text keeps them as they are', () => {
    const who = { ...parties, customer: { ...parties.customer, name: '<Fabrikam & Co>' } };
    const m = mail('invite', record({}, {}, who), { who });
    expect(m.html).toContain('&lt;Fabrikam &amp; Co&gt;');
    expect(m.html).not.toContain('<Fabrikam');
    expect(m.text).toContain('<Fabrikam & Co>');
    const quoted = mail('invite', record(), { link: 'https://overage.example/api/approvals/a"b&c' });
    expect(quoted.html).toContain('href="https://overage.example/api/approvals/a&quot;b&amp;c"');
});

test('declined says who declined, when, and why', () => {
    const h = record({ status: 'declined' }, {
        status: 'declined',
        decisions: { currentPartner: { decision: 'declined', at: '2026-12-01T09:30:00.000Z', by: 'ceo@contoso-telecom.example', reason: 'Contract runs until March.' }, newPartner: null, customer: null },
    });
    const text = mail('declined', h).text;
    expect(text).toContain('Contoso Telecom (current partner) declined on Tuesday 1 December 2026, 09:30 UTC (answered by ceo@contoso-telecom.example)');
    expect(text).toContain('Contract runs until March.');
    expect(text).toMatch(/nothing was changed/i);
});

test('cancelled says who cancelled and when; expired names who did not answer', () => {
    const cancelled = record({ status: 'cancelled', cancelled: { at: '2026-12-02T10:00:00.000Z', by: 'admin@litware-voice.example' } });
    expect(mail('cancelled', cancelled).text).toContain('admin@litware-voice.example cancelled the request on Wednesday 2 December 2026, 10:00 UTC');
    const expired = record({ status: 'expired' }, { status: 'expired', decisions: { currentPartner: { decision: 'approved', at: '2026-12-01T00:00:00.000Z' }, newPartner: null, customer: null } });
    expect(mail('expired', expired).text).toContain('No answer came from: Litware Voice (new partner), Fabrikam.');
});

test('completed says the overage now goes to B\'s subscription, and that A was set to None first', () => {
    const h = record({ status: 'completed', azureEntitlementId: ENTITLEMENT }, { status: 'completed', noneSetAt: '2026-12-03T10:00:00.000Z', completedAt: '2026-12-03T10:05:00.000Z' });
    const text = mail('completed', h).text;
    expect(text).toContain(`billed to the Azure subscription ${ENTITLEMENT}`);
    expect(text).toContain("Contoso Telecom's setting was set to None first (Thursday 3 December 2026, 10:00 UTC)");
});

test('blocked and failed say nothing changed and list the note', () => {
    const blocked = mail('blocked', record(), { note: '- GDAP access is missing.\n- Ask the customer to approve a GDAP relationship.' });
    expect(blocked.text).toMatch(/Nothing was changed/);
    expect(blocked.text).toContain('- GDAP access is missing.\n- Ask the customer to approve a GDAP relationship.');
    expect(blocked.html).toContain('<li>GDAP access is missing.</li>');
    const failed = mail('failed', record({ outcome: { at: '2026-12-03T10:00:00.000Z', detail: 'Partner Center did not answer.', remedy: 'Start the handover again later.' } }));
    expect(failed.text).toContain('Start the handover again later.');
});

test('failed-after-none is loud: A is None, calls beyond the pools are refused, and B has a remedy', () => {
    const m = mail('failed-after-none', record({ status: 'failed-after-none' }, { status: 'noneSet', noneSetAt: '2026-12-03T10:00:00.000Z' }), {
        note: `Litware Voice assigns subscription ${ENTITLEMENT} in Partner Center, or starts an enablement through this API.`,
    });
    expect(m.subject).toMatch(/^URGENT/);
    expect(m.text).toContain('ACTION NEEDED');
    expect(m.text).toContain('None');
    expect(m.text).toMatch(/refused until Litware Voice assigns/);
    expect(m.text).toContain(`Litware Voice assigns subscription ${ENTITLEMENT} in Partner Center`);
    expect(m.text).toContain('or by enabling overage for this customer in this service');
    expect(m.text).not.toMatch(/\/api\/|\b(GET|POST|PUT|DELETE) \//);
    expect(m.html).toMatch(/font-weight:bold[^>]*>ACTION NEEDED/);
});

test('instructions tell the partner exactly what to set in Partner Center', () => {
    const none = mail('instructions-none', record(), { party: 'currentPartner' }).text;
    expect(none).toMatch(/1\. Sign in to Partner Center .* Contoso Telecom/);
    expect(none).toContain(`Microsoft ID is ${TENANT}`);
    expect(none).toContain('(service PhoneServices)');
    expect(none).toMatch(/to None/);
    expect(none).toMatch(/goes on by itself once Partner Center shows/);
    const assign = mail('instructions-assign', record({}, { status: 'noneSet', noneSetAt: '2026-12-03T10:00:00.000Z' }), { party: 'newPartner' }).text;
    expect(assign).toContain(`choose the Azure subscription ${ENTITLEMENT}, switch overage on`);
    expect(assign).toMatch(/completes by itself once Partner Center shows/);
});

// The sendHandoverMail activity's work on the stand-ins it is handed (an
// in-memory store and a mailer that keeps what it is given): once per run,
// kind, round and party, and a signed link for each party in invitations and
// reminders.
import { mailHandoverParties } from '../../activities/handover/sendHandoverMail';
import { verifyApprovalToken } from '../../shared/features/handover/approvalToken';
import type { Mailer, MailMessage } from '../../shared/adapters/mail/mailers';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import { systemClock } from '../../shared/core/clock';
import { handoverRecord, PARTIES } from '../helpers/approvalLinks';

const KEY = 'a-test-signing-key-of-at-least-32-bytes!';
const TENANT = '10000000-0000-4000-8000-000000000001';
const EXPIRES = '2099-12-13T12:00:00.000Z';

const parties = PARTIES;

const handover = handoverRecord((r) => {
    r.id = r.state.id = 'partnerHandover-0001';
    r.state.expiresAt = EXPIRES;
    r.state.toAzureTarget = r.request.azureEntitlementId = 'new';
});

class KeptMail implements Mailer {
    readonly sent: MailMessage[] = [];
    failFor = new Set<string>();
    async send(m: MailMessage) {
        if (this.failFor.has(String(m.to))) throw new Error(`SMTP refused ${String(m.to)}`);
        this.sent.push(m);
        return { messageId: `<${this.sent.length}@test>` };
    }
}

let store: EmbeddedStateStore;
let mailer: KeptMail;
const saved = process.env.APPROVAL_SIGNING_KEY;
beforeAll(() => { process.env.APPROVAL_SIGNING_KEY = KEY; });
afterAll(() => {
    if (saved === undefined) delete process.env.APPROVAL_SIGNING_KEY;
    else process.env.APPROVAL_SIGNING_KEY = saved;
});
beforeEach(() => { store = new EmbeddedStateStore(undefined); mailer = new KeptMail(); });
/** What the activity is handed: the signing key comes from the settings, here the process's (set above). */
const handed = () => ({ stateStore: store, mailer, clock: systemClock, env: process.env });
afterEach(async () => { await store.close(); });

const input = (o: Partial<Parameters<typeof mailHandoverParties>[0]> = {}) => ({
    kind: 'invite' as const, to: ['currentPartner', 'newPartner', 'customer'] as const, handover, parties,
    publicUrl: 'https://overage.example', round: 0, ...o,
}) as Parameters<typeof mailHandoverParties>[0];

test('invites each party at its contact with its own signed link, and a repeat mails nobody again', async () => {
    expect(await mailHandoverParties(input(), handed())).toEqual({ sent: ['currentPartner', 'newPartner', 'customer'] });
    expect(mailer.sent.map((m) => m.to)).toEqual(['ops@contoso-telecom.example', 'csp@litware-voice.example', 'it@fabrikam.example']);
    for (const [i, party] of (['currentPartner', 'newPartner', 'customer'] as const).entries()) {
        const link = mailer.sent[i].text.split('\n').find((l) => l.startsWith('https://overage.example/api/approvals/'))!;
        const check = await verifyApprovalToken(link.split('/').pop()!, new TextEncoder().encode(KEY));
        expect(check).toMatchObject({ ok: true, claims: { handoverId: handover.id, customerTenantId: TENANT, party, expiresAt: EXPIRES } });
    }
    expect(await mailHandoverParties(input(), handed())).toEqual({ sent: [] });
    expect(mailer.sent).toHaveLength(3);
    expect(await store.read(CONTAINERS.notifications, TENANT, `${handover.id}:invite:0:customer`)).toMatchObject({ to: 'it@fabrikam.example', kind: 'invite', round: 0 });
});

test('another round or kind is another mail', async () => {
    await mailHandoverParties(input({ kind: 'reminder', to: ['customer'] }), handed());
    expect((await mailHandoverParties(input({ kind: 'reminder', to: ['customer'], round: 1 }), handed())).sent).toEqual(['customer']);
    expect((await mailHandoverParties(input({ kind: 'cancelled', to: ['customer'] }), handed())).sent).toEqual(['customer']);
    expect(mailer.sent).toHaveLength(3);
});

test('a send that fails fails the step; the retry mails only those not mailed yet', async () => {
    mailer.failFor.add('csp@litware-voice.example');
    await expect(mailHandoverParties(input({ kind: 'expired' }), handed())).rejects.toThrow(/SMTP refused/);
    mailer.failFor.clear();
    expect(await mailHandoverParties(input({ kind: 'expired' }), handed())).toEqual({ sent: ['newPartner', 'customer'] });
    expect(mailer.sent.map((m) => m.to)).toEqual(['ops@contoso-telecom.example', 'csp@litware-voice.example', 'it@fabrikam.example']);
});

test('mails without a link need no signing key', async () => {
    delete process.env.APPROVAL_SIGNING_KEY;
    try {
        expect((await mailHandoverParties(input({ kind: 'declined', to: ['newPartner'] }), handed())).sent).toEqual(['newPartner']);
    } finally {
        process.env.APPROVAL_SIGNING_KEY = KEY;
    }
});

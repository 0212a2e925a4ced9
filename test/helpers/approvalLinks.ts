// Approval links for tests, two ways:
// - `insertedHandover`: a handover document written straight into the app's
//   state store (the app's own files under the local host, test/helpers/appStateStore.ts),
//   and the signed link a party would get by mail. No run stands behind it, so
//   an answer is refused (409 handover-closed): for what a page shows, and
//   every refusal that happens before the run is asked.
// - `startedHandover`: a real partnerHandover started through the API, its
//   links read from the invitations in the simulator's mailbox.
import { randomUUID } from 'node:crypto';
import type { HandoverParty } from '../../shared/core/domain/rules/handover';
import { approvalLink, approvalSigningKey, signApprovalToken } from '../../shared/features/handover/approvalToken';
import { HandoverParties, StoredHandover } from '../../shared/core/handover/handoverSchemas';
import { storeHandover } from '../../shared/features/handover/handoverStore';
import { appStateStore } from './appStateStore';
import { type AgentName, type AppHost, CUSTOMERS } from './appHost';
import { type Contacts, handoverClient } from './handovers';

const DAY = 24 * 60 * 60 * 1000;

/** A party's link to a handover, and the document behind it. */
export interface HandoverLinks {
    record: StoredHandover;
    link(party: HandoverParty, o?: { expiresAt?: string }): Promise<string>;
}

/** The parties of such a handover as its run knows them (no agents: as for partners the deployment does not serve). */
export const PARTIES: HandoverParties = {
    currentPartner: { partnerId: '1001', name: 'Contoso Telecom', contact: 'ops@contoso-telecom.example', caller: null },
    newPartner: { partnerId: '1002', name: 'Litware Voice', contact: 'csp@litware-voice.example', caller: null },
    customer: { tenantId: CUSTOMERS.fabrikam, name: 'Fabrikam', contact: 'it@fabrikam.example' },
};

/** Fabrikam's overage from Contoso Telecom (1001) to Litware Voice (1002), waiting for all three answers, two weeks left. */
export function handoverRecord(edit?: (r: StoredHandover) => void): StoredHandover {
    const now = Date.now();
    const requestedAt = new Date(now - DAY).toISOString();
    const expiresAt = new Date(now + 13 * DAY).toISOString();
    const id = `handover-${randomUUID()}`;
    const customerTenantId = CUSTOMERS.fabrikam;
    const record: StoredHandover = {
        id, customerTenantId, service: 'PhoneServices', version: 1, status: 'awaiting-approvals',
        state: {
            id, customerTenantId, type: 'PhoneServices', fromPartnerId: '1001', toPartnerId: '1002',
            toAzureTarget: '30000000-0000-4000-8000-000000000002', requestedAt, expiresAt, status: 'pending',
            decisions: { currentPartner: null, newPartner: null, customer: null }, noneSetAt: null, completedAt: null,
        },
        request: { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: '30000000-0000-4000-8000-000000000002' },
        requestedBy: { partnerId: '1002', upn: 'admin@litware-voice.example' },
        requestedAt,
        viewers: ['1001', '1002'],
        parties: {
            currentPartner: { partnerId: '1001', name: 'Contoso Telecom', contact: 'overage@contoso-telecom.example', served: true },
            newPartner: { partnerId: '1002', name: 'Litware Voice', contact: 'overage@litware-voice.example', served: true },
            customer: { tenantId: customerTenantId, name: 'Fabrikam', contact: 'it@fabrikam.example' },
        },
        reminders: [], cancelled: null, azureEntitlementId: null, outcome: null, updatedAt: requestedAt,
    };
    edit?.(record);
    return StoredHandover.parse(record);
}

/** A signed link for `party` of `record` (the key is the one the local host set), valid until the handover's deadline unless told otherwise. */
export async function linkTo(hostUrl: string, record: Pick<StoredHandover, 'id' | 'customerTenantId' | 'state'>, party: HandoverParty, expiresAt = record.state.expiresAt): Promise<string> {
    const token = await signApprovalToken({ handoverId: record.id, customerTenantId: record.customerTenantId, party, expiresAt }, approvalSigningKey());
    return approvalLink(hostUrl, token);
}

/** Writes the document as its run would; call after the host started (it sets DATA_DIR and the signing key). */
export async function insertedHandover(hostUrl: string, edit?: (r: StoredHandover) => void): Promise<HandoverLinks> {
    const record = handoverRecord(edit);
    await storeHandover(appStateStore(), record);
    return { record, link: (party, o = {}) => linkTo(hostUrl, record, party, o.expiresAt) };
}

/**
 * Lucerne Publishing (demo world): Contoso Telecom (1001) holds its overage on subscription ...0007 at the start;
 * Litware Voice (1002) can take it on ...0008. A handover goes to whichever of the two does not hold it now.
 */
export const LUCERNE = {
    tenantId: CUSTOMERS.lucerne,
    name: 'Lucerne Publishing',
    contoso: { agent: 'contosoAdmin' as AgentName, partnerId: '1001', name: 'Contoso Telecom', contact: 'ops@contoso-telecom.example', subscription: '30000000-0000-4000-8000-000000000007' },
    litware: { agent: 'litwareAdmin' as AgentName, partnerId: '1002', name: 'Litware Voice', contact: 'csp@litware-voice.example', subscription: '30000000-0000-4000-8000-000000000008' },
    contact: 'it@lucerne-publishing.example',
} as const;

export interface StartedHandover {
    id: string;
    /** The handover resource (GET as `agent`). */
    location: string;
    /** The requesting partner's admin agent. */
    agent: AgentName;
    from: typeof LUCERNE.contoso | typeof LUCERNE.litware;
    to: typeof LUCERNE.contoso | typeof LUCERNE.litware;
    contacts: Contacts;
    /** Each party's link, as mailed to it. */
    links: Contacts;
}

/**
 * Asks (as the current partner) to hand Lucerne's overage to the other partner, and reads each party's link
 * from its invitation. The customer takes one handover at a time: wait for the last one to end
 * (`handoverClient(h).ended(location, agent)`) before starting the next.
 */
export async function startedHandover(h: AppHost): Promise<StartedHandover> {
    const c = handoverClient(h);
    const owner = (await c.pcOverage(LUCERNE.tenantId)).partnerId;
    const [from, to] = owner === LUCERNE.contoso.partnerId ? [LUCERNE.contoso, LUCERNE.litware] : [LUCERNE.litware, LUCERNE.contoso];
    const res = await c.ask(LUCERNE.tenantId, { toPartnerId: to.partnerId, azureEntitlementId: to.subscription }, from.agent);
    if (res.status !== 202) throw new Error(`the handover was not started: ${res.status} ${JSON.stringify(res.json)}`);
    const contacts: Contacts = { currentPartner: from.contact, newPartner: to.contact, customer: LUCERNE.contact };
    return { id: res.json.id, location: res.headers.get('location')!, agent: from.agent, from, to, contacts, links: await c.links(res.json.id, contacts) };
}

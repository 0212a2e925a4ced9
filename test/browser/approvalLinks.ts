// Approval links for tests: a handover document written straight into the
// app's state store (the same in-process store the app uses under the local
// host), and the signed link a party would get by mail.
//
// Until the partnerHandover orchestration exists there is no run behind these
// documents, so an answer ends in 409 handover-closed. A test that wants the
// real flow swaps `insertedHandover` for a LinkSource that starts a handover
// through the API and reads the links from the simulator's mailbox.
import { randomUUID } from 'node:crypto';
import type { HandoverParty } from '../../shared/domain/rules/handover';
import { approvalLink, approvalSigningKey, signApprovalToken } from '../../shared/handover/approvalToken';
import { HandoverRecord } from '../../shared/handover/handover';
import { saveHandoverRecord } from '../../shared/handover/handoverStore';
import { getStateStore } from '../../shared/runtime';
import { CUSTOMERS } from '../helpers/appHost';

const DAY = 24 * 60 * 60 * 1000;

/** A party's link to a handover, and the document behind it. */
export interface HandoverLinks {
    record: HandoverRecord;
    link(party: HandoverParty, o?: { expiresAt?: string }): Promise<string>;
}
export type LinkSource = (hostUrl: string, edit?: (r: HandoverRecord) => void) => Promise<HandoverLinks>;

/** Fabrikam's overage from Contoso Telecom (1001) to Litware Voice (1002), waiting for all three answers, two weeks left. */
export function handoverRecord(edit?: (r: HandoverRecord) => void): HandoverRecord {
    const now = Date.now();
    const requestedAt = new Date(now - DAY).toISOString();
    const expiresAt = new Date(now + 13 * DAY).toISOString();
    const id = `handover-${randomUUID()}`;
    const customerTenantId = CUSTOMERS.fabrikam;
    const record: HandoverRecord = {
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
    return HandoverRecord.parse(record);
}

/** A signed link for `party` of `record` (the key is the one the local host set), valid until the handover's deadline unless told otherwise. */
export async function linkTo(hostUrl: string, record: Pick<HandoverRecord, 'id' | 'customerTenantId' | 'state'>, party: HandoverParty, expiresAt = record.state.expiresAt): Promise<string> {
    const token = await signApprovalToken({ handoverId: record.id, customerTenantId: record.customerTenantId, party, expiresAt }, approvalSigningKey());
    return approvalLink(hostUrl, token);
}

/** Writes the document as its run would; call after the host started (it sets DATA_DIR and the signing key). */
export const insertedHandover: LinkSource = async (hostUrl, edit) => {
    const record = handoverRecord(edit);
    await saveHandoverRecord(getStateStore(), record);
    return { record, link: (party, o = {}) => linkTo(hostUrl, record, party, o.expiresAt) };
};

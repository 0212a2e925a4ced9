// The handover document as a request opens it: the same for the endpoint that
// answers the request (so the 202 has a resource to point at) and for the run
// that then keeps it (which computes the same deadline from the same input).
import { openHandover } from '../domain/rules/handover';
import { DEFAULT_EXPIRES_IN_DAYS, HandoverInput, HandoverPartner, StoredHandover } from './handoverSchemas';

export function openedHandover(id: string, input: HandoverInput): StoredHandover {
    const { parties, request } = input;
    const opened = openHandover({
        id, customerTenantId: input.customerTenantId, type: request.service, fromPartnerId: parties.currentPartner.partnerId,
        toPartnerId: parties.newPartner.partnerId, toAzureTarget: request.azureEntitlementId, at: input.requestedAt,
        validForMs: (request.expiresInDays ?? DEFAULT_EXPIRES_IN_DAYS) * input.handoverTiming.dayMs,
    });
    if (!opened.ok) throw new RangeError(opened.detail); // the start refuses a handover to the same partner before this
    const served = (p: HandoverPartner) => ({ partnerId: p.partnerId, name: p.name, contact: p.contact, ...(p.contactGivenBy ? { contactGivenBy: p.contactGivenBy } : {}), served: p.caller !== null });
    return {
        id, customerTenantId: input.customerTenantId, service: request.service, version: 0, status: 'awaiting-approvals', state: opened.handover,
        request, requestedBy: { partnerId: input.caller.partnerId, upn: input.caller.upn }, requestedAt: input.requestedAt, viewers: input.viewers,
        parties: { currentPartner: served(parties.currentPartner), newPartner: served(parties.newPartner), customer: parties.customer },
        reminders: [], cancelled: null, azureEntitlementId: null, outcome: null, updatedAt: input.requestedAt,
    };
}

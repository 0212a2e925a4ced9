// A handover as the two partners see it: status, the three decisions, the
// deadline, reminders, outcome, and its steps from the shared audit trail.
// Contacts read from Partner Center are not shown (each party got its own
// mail); one the requester gave for a partner the deployment does not serve
// is, with who gave it, so both partners can see where that invitation went.
import type { HandoverResource } from '../../shared/features/api/apiSchemas';
import type { AuditEvent } from '../../shared/core/overage/auditEvent';
import type { StoredHandover } from '../../shared/core/handover/handoverSchemas';

export function handoverPath(customerTenantId: string, id: string): string {
    return `/api/customers/${customerTenantId}/overage/handovers/${encodeURIComponent(id)}`;
}

/**
 * Shaped by `HandoverResource` (shared/features/api/apiSchemas.ts), which the OpenAPI document is generated from;
 * `subscriptionName`: the new partner's subscription by name, where the caller's partner is that partner (handoverNames.ts).
 */
export function handoverResource(h: StoredHandover, origin: string, steps?: AuditEvent[], subscriptionName: string | null = null): HandoverResource {
    const at = (path: string) => new URL(path, origin).toString();
    const { currentPartner, newPartner, customer } = h.parties;
    return {
        id: h.id, customerTenantId: h.customerTenantId, service: h.service, status: h.status,
        fromPartnerId: h.state.fromPartnerId, fromPartnerName: currentPartner.name, toPartnerId: h.state.toPartnerId, toPartnerName: newPartner.name,
        azureEntitlementId: h.azureEntitlementId ?? h.request.azureEntitlementId, azureSubscriptionName: subscriptionName,
        ...(h.request.subscriptionName ? { subscriptionName: h.request.subscriptionName } : {}),
        requestedBy: h.requestedBy, requestedAt: h.requestedAt, expiresAt: h.state.expiresAt,
        parties: {
            currentPartner: partyView(currentPartner),
            newPartner: partyView(newPartner),
            customer: { tenantId: customer.tenantId, name: customer.name },
        },
        decisions: h.state.decisions,
        reminders: h.reminders,
        ...(h.cancelled ? { cancelled: h.cancelled } : {}),
        ...(h.state.noneSetAt ? { noneSetAt: h.state.noneSetAt } : {}),
        ...(h.state.completedAt ? { completedAt: h.state.completedAt } : {}),
        ...(h.outcome ? { outcome: h.outcome } : {}),
        ...(steps ? { steps: [...steps].reverse().map((e) => ({ at: e.at, step: e.step, result: e.result, detail: e.detail })) } : {}),
        links: {
            self: at(handoverPath(h.customerTenantId, h.id)),
            run: at(`/api/customers/${h.customerTenantId}/overage/runs/${encodeURIComponent(h.id)}`),
            audit: at(`/api/customers/${h.customerTenantId}/overage/audit?runId=${encodeURIComponent(h.id)}`),
        },
    };
}

function partyView(p: StoredHandover['parties']['currentPartner']) {
    return { partnerId: p.partnerId, name: p.name, served: p.served, ...(p.contactGivenBy ? { contact: p.contact, contactGivenBy: p.contactGivenBy } : {}) };
}

// The one start of a handover, whoever asks (the POST, a Service Bus message):
// the refusals Partner Center's facts allow before anything is mailed (who
// owns overage now, whether the caller is one of the two partners, whether
// B can take it), the three parties' contacts, then one run per customer and
// service (runs.ts): while a handover is open, no enablement interleaves.
import type { DurableClient } from 'durable-functions';
import { isoNow } from '../../core/clock';
import type { Caller } from '../../core/domain/partner';
import { checkEligibility } from '../../core/domain/rules/eligibility';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClientsOf } from '../../adapters/microsoftClients';
import { currentOwner } from '../overage/currentOwner';
import { openRun, StartOutcome } from '../overage/runs';
import { enablementTiming } from '../../core/overage/timing';
import { refusalOf } from '../../adapters/partnerCenter/refusals';
import { customerFacts, licenseSubscriptions, partnerContact } from '../../adapters/partnerCenter/toDomain';
import { HandoverBody, HandoverInput, HandoverPartner } from '../../core/handover/handoverSchemas';
import { ORCHESTRATIONS } from '../../core/steps/orchestrationNames';
import { openedHandover } from '../../core/handover/openedHandover';
import { handoverConfig } from './handoverConfig';
import { storeHandover } from './handoverStore';

/** A refusal before anything started: its HTTP status, and the blocker-like body. */
export interface HandoverRefusal {
    status: number;
    code: string;
    detail: string;
    remedy: string;
}

export type HandoverStart = { refused: HandoverRefusal } | { started: StartOutcome };

/** `deps`: the store, Microsoft's APIs (within the request's budget) and the settings (served partners, timing, public URL). */
export async function startHandover(deps: Pick<Dependencies, 'stateStore' | 'microsoft' | 'env'>, client: DurableClient, caller: Caller, customerTenantId: string, body: HandoverBody, idempotencyKey?: string): Promise<HandoverStart> {
    const { stateStore: store, microsoft, env } = deps;
    const settings = handoverConfig(env);
    const pc = microsoft(caller, 'request').partnerCenter;
    const [{ owner }, customer] = await Promise.all([currentOwner(pc, store, customerTenantId, body.service), pc.customer(customerTenantId)]);
    if (!owner) {
        return refuse(409, 'no-current-owner', `No partner manages overage for ${body.service} of this customer, so there is nothing to hand over.`, 'Enable overage for this customer instead.');
    }
    if (owner.partnerId === body.toPartnerId) {
        return refuse(409, 'same-partner', `Partner ${body.toPartnerId} already manages overage for ${body.service} of this customer.`, 'Choose another partner to hand over to, or enable overage again to change the subscription.');
    }
    if (caller.partnerId !== owner.partnerId && caller.partnerId !== body.toPartnerId) {
        return refuse(403, 'role-not-permitted', `Only the current partner (${owner.partnerId}) or the new partner (${body.toPartnerId}) may ask for this handover.`, 'Have an admin agent of one of the two partners send the request.');
    }
    const agentOf = (partnerId: string): Caller | null => (partnerId === caller.partnerId ? caller : settings.servedAgent(partnerId));
    const newAgent = agentOf(body.toPartnerId);
    if (newAgent) {
        const refused = await newPartnerRefusal(microsoft, newAgent, customerTenantId, body.toPartnerId);
        if (refused) return { refused };
    }
    const contacts = await Promise.all([
        partyOf(microsoft, owner.partnerId, agentOf(owner.partnerId), body.contacts?.currentPartner, 'currentPartner', caller),
        partyOf(microsoft, body.toPartnerId, newAgent, body.contacts?.newPartner, 'newPartner', caller),
    ]);
    const [currentPartner, newPartner] = contacts;
    if ('refused' in currentPartner) return currentPartner;
    if ('refused' in newPartner) return newPartner;
    const facts = customerFacts(customer);
    if (!facts.adminContact) {
        return refuse(409, 'customer-contact-missing', `Partner Center holds no admin contact for ${facts.name}, so the customer cannot be asked.`, 'Add the customer\'s admin e-mail to its company profile in Partner Center, then ask again.');
    }

    const viewers = [...new Set([caller.partnerId, owner.partnerId, body.toPartnerId])];
    const input: HandoverInput = {
        customerTenantId, service: body.service, caller, requestedAt: isoNow(), timing: enablementTiming(env), viewers,
        request: body, parties: { currentPartner: currentPartner.party, newPartner: newPartner.party, customer: { tenantId: customerTenantId, name: facts.name, contact: facts.adminContact } },
        handoverTiming: settings.timing, publicUrl: settings.publicUrl,
    };
    const started = await openRun({
        client, store, kind: 'handover', orchestration: ORCHESTRATIONS.handover, customerTenantId, service: body.service,
        partnerId: caller.partnerId, upn: caller.upn, viewers, request: body, idempotencyKey, input,
        // readers find the handover as soon as the request is answered; the run's own first write replaces it
        beforeLaunch: async (runId) => { await storeHandover(store, openedHandover(runId, input)); },
    });
    return { started };
}

/** B must be able to act for the customer and hold an overage-enabling subscription there. */
async function newPartnerRefusal(microsoft: MicrosoftClientsOf, caller: Caller, customerTenantId: string, partnerId: string): Promise<HandoverRefusal | undefined> {
    const pc = microsoft(caller, 'request').partnerCenter;
    try {
        const [customer, subscriptions] = await Promise.all([pc.customer(customerTenantId), pc.subscriptions(customerTenantId)]);
        const eligible = checkEligibility({ name: customer.companyProfile.companyName, subscriptions: licenseSubscriptions(subscriptions) });
        if (!eligible.eligible) return { status: 409, code: 'not-eligible', detail: `Partner ${partnerId} holds no overage-enabling subscription for this customer: ${eligible.detail}`, remedy: eligible.remedy };
        return undefined;
    } catch (err) {
        const refusal = refusalOf(err);
        if (refusal?.code === 'customer-not-found') {
            return { status: 409, code: 'not-eligible', detail: `Partner ${partnerId} has no relationship with this customer in Partner Center.`, remedy: 'The new partner needs a reseller relationship with the customer and an overage-enabling subscription first.' };
        }
        throw err;
    }
}

/**
 * A served partner's contact is the one Partner Center holds, never one from the request (else a partner
 * could send the other's approval link to itself). Only for a partner the deployment does not serve is
 * the requester's word taken, and every party is told whose word it is.
 */
async function partyOf(microsoft: MicrosoftClientsOf, partnerId: string, caller: Caller | null, given: string | undefined, role: 'currentPartner' | 'newPartner', requester: Caller): Promise<{ party: HandoverPartner } | { refused: HandoverRefusal }> {
    if (caller) {
        if (given !== undefined) {
            return refuse(400, 'contact-not-accepted', `This deployment acts for partner ${partnerId} at Partner Center, so its invitation goes to the contact Partner Center holds for it, not to one named in the request.`, `Leave contacts.${role} out.`);
        }
        const { name, contact } = partnerContact(await microsoft(caller, 'request').partnerCenter.legalBusinessProfile());
        return { party: { partnerId, name, contact, caller } };
    }
    if (!given) {
        return refuse(400, 'contact-required', `This deployment does not act for partner ${partnerId}, so it cannot look up whom to ask there.`, `Send contacts.${role} with the e-mail address of an admin of partner ${partnerId}.`);
    }
    return { party: { partnerId, name: `Partner ${partnerId}`, contact: given, contactGivenBy: requester.partnerId, caller: null } };
}

function refuse(status: number, code: string, detail: string, remedy: string): { refused: HandoverRefusal } {
    return { refused: { status, code, detail, remedy } };
}

// A partner handover (rule 6) as the app runs it: the request, the parties
// as resolved when it started, the signal a party's answer or a cancel
// raises, and the document the run keeps up to date for readers. Schemas
// only, so orchestrators can name them without the state store.
import { z } from 'zod';
import { Caller } from '../domain/partner';
import { Email, PartnerId } from '../domain/primitives';
import { AzureTarget } from '../domain/rules/azurePlan';
import { Handover, HandoverParty } from '../domain/rules/handover';
import { ServiceType } from '../domain/subscription';
import { RunInput } from '../overage/enablement';

export const HandoverBody = z.strictObject({
    service: ServiceType,
    toPartnerId: PartnerId.max(64),
    /** B's subscription for the charges: one of the customer's Azure subscriptions, or `"new"` to create one. */
    azureEntitlementId: AzureTarget,
    subscriptionName: z.string().trim().min(1).max(64).optional(),
    expiresInDays: z.number().int().min(1).max(30).optional(),
    /**
     * Where to mail a partner this deployment does not serve (it cannot read that partner's contact from
     * Partner Center). Refused for a served partner: its contact is always Partner Center's.
     */
    contacts: z.strictObject({ currentPartner: Email.optional(), newPartner: Email.optional() }).optional(),
});
export type HandoverBody = z.infer<typeof HandoverBody>;

export const DEFAULT_EXPIRES_IN_DAYS = 14;

/** A partner in the handover: its contact, and the agent the deployment acts as for it (null: not served). */
export const HandoverPartner = z.object({
    partnerId: PartnerId,
    name: z.string(),
    contact: Email,
    /** The partner that gave `contact` in its request (a partner the deployment does not serve); absent: read from Partner Center. */
    contactGivenBy: PartnerId.optional(),
    caller: Caller.nullable(),
});
export type HandoverPartner = z.infer<typeof HandoverPartner>;

export const HandoverCustomer = z.object({ tenantId: z.guid(), name: z.string(), contact: Email });
export type HandoverCustomer = z.infer<typeof HandoverCustomer>;

export const HandoverParties = z.object({ currentPartner: HandoverPartner, newPartner: HandoverPartner, customer: HandoverCustomer });
export type HandoverParties = z.infer<typeof HandoverParties>;

/** Limits of a handover run, from settings when it starts (replays see the same values). */
export const HandoverTiming = z.object({
    /** The length of the day `expiresInDays` counts in (a day; demos and tests shorten it). */
    dayMs: z.number().int().positive(),
    /** How often a failed switch step is tried, and how long apart. */
    switchAttempts: z.number().int().min(1),
    switchRetryMs: z.number().int().positive(),
});
export type HandoverTiming = z.infer<typeof HandoverTiming>;

export const HandoverInput = RunInput.extend({
    request: HandoverBody,
    parties: HandoverParties,
    handoverTiming: HandoverTiming,
    /** Where the approval links point: the app's public origin. */
    publicUrl: z.url(),
});
export type HandoverInput = z.infer<typeof HandoverInput>;

/** What a party's link or a cancel raises on the run (one event name, so one wait covers both). */
export const HANDOVER_SIGNAL = 'handover-signal';
export const HandoverSignal = z.discriminatedUnion('kind', [
    z.object({
        kind: z.literal('decision'), party: HandoverParty, decision: z.enum(['approve', 'decline']),
        at: z.iso.datetime(), by: z.string().min(1), reason: z.string().max(1000).optional(),
        /** The handover the answering link was issued for: an answer for another one is refused. */
        handoverId: z.string(),
    }),
    z.object({ kind: z.literal('cancel'), at: z.iso.datetime(), by: z.string().min(1) }),
]);
export type HandoverSignal = z.infer<typeof HandoverSignal>;

/**
 * Where a handover stands, as readers see it:
 * awaiting-approvals → declined | expired | cancelled | switching;
 * switching → completed | blocked (nothing changed) | failed (nothing changed) | failed-after-none (A set None, B not assigned).
 */
export const HandoverStatus = z.enum(['awaiting-approvals', 'declined', 'expired', 'cancelled', 'switching', 'completed', 'blocked', 'failed', 'failed-after-none']);
export type HandoverStatus = z.infer<typeof HandoverStatus>;

/** The handover document (container `overage-handovers`, id = run id): written only by its run, newest `version` wins. */
export const StoredHandover = z.object({
    id: z.string(),
    customerTenantId: z.guid(),
    service: ServiceType,
    version: z.number().int().min(0),
    status: HandoverStatus,
    /** The pure state machine's state (decisions, noneSetAt, completedAt). */
    state: Handover,
    request: HandoverBody,
    requestedBy: z.object({ partnerId: z.string(), upn: z.string() }),
    requestedAt: z.iso.datetime(),
    /** The partners that may read it (A and B). */
    viewers: z.array(z.string()).min(1),
    /** The parties, without the agents the deployment acts as. */
    parties: z.object({
        currentPartner: HandoverPartner.omit({ caller: true }).extend({ served: z.boolean() }),
        newPartner: HandoverPartner.omit({ caller: true }).extend({ served: z.boolean() }),
        customer: HandoverCustomer,
    }),
    reminders: z.array(z.object({ at: z.iso.datetime(), parties: z.array(HandoverParty) })),
    cancelled: z.object({ at: z.iso.datetime(), by: z.string() }).nullable(),
    /** The subscription B assigned (the created one when the request said "new"). */
    azureEntitlementId: z.string().nullable(),
    /** Why it ended as it did, for the ones that did not complete. */
    outcome: z.object({ at: z.iso.datetime(), detail: z.string(), remedy: z.string().optional() }).nullable(),
    updatedAt: z.iso.datetime(),
});
export type StoredHandover = z.infer<typeof StoredHandover>;

/** What a handover mail is about (one mail per kind and party and run: see sendHandoverMail). */
export const HandoverMailKind = z.enum([
    'invite', 'reminder', 'declined', 'expired', 'cancelled', 'completed', 'blocked', 'failed', 'failed-after-none',
    /** To a partner the deployment does not serve: what to do in Partner Center itself. */
    'instructions-none', 'instructions-assign',
]);
export type HandoverMailKind = z.infer<typeof HandoverMailKind>;

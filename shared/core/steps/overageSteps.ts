// The overage lifecycle's durable steps: contracts only (name + schemas). The
// orchestrators call them; activities/ implements each one.
import { z } from 'zod';
import { AzureState, CommunicationsCredits } from '../domain/customer';
import { Blocker } from '../domain/findings';
import { OverageItem } from '../domain/partnerCenter';
import { Caller, PartnerKind } from '../domain/partner';
import { ServiceType } from '../domain/subscription';
import { AuditEvent } from '../overage/auditEvent';
import { RecordedSetting } from '../overage/recordedSetting';
import { Fault } from '../faults/stepFault';
import { step } from './step';

const Agent = Caller;
const Tenant = z.object({ customerTenantId: z.guid(), caller: Agent });
const Refusal = z.object({ ok: z.literal(false), blocker: Blocker });

export const PartnerFacts = z.object({
    id: z.string(), name: z.string(), kind: PartnerKind, providerId: z.string().nullable(),
    sandbox: z.boolean(), sandboxAzurePlanAccess: z.boolean(),
});
export type PartnerFacts = z.infer<typeof PartnerFacts>;

export const CustomerFacts = z.object({ tenantId: z.guid(), name: z.string(), country: z.string(), adminContact: z.string().nullable() });
export type CustomerFacts = z.infer<typeof CustomerFacts>;

/** 1. The agent's Partner Center roles and its partner's relationship with the customer. */
export const verifyCaller = step('verifyCaller', Tenant.extend({ onBehalfOfPartnerId: z.string().optional() }), z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), partner: PartnerFacts, customer: CustomerFacts, actingForPartnerId: z.string() }),
    Refusal,
]));

/** 2. An overage-enabling SKU is held. */
export const assessEligibility = step('assessEligibility', Tenant, z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), Refusal]));

/** 3. The acting partner owns overage for this customer and service (or nobody does). */
export const assessOwnership = step('assessOwnership', Tenant.extend({ service: ServiceType, actingForPartnerId: z.string() }), z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), current: OverageItem.nullable() }),
    Refusal,
]));

export const AzureFacts = AzureState.extend({ transition: z.enum(['notStarted', 'inProgress', 'completed']) });
export type AzureFacts = z.infer<typeof AzureFacts>;

/** The customer's Azure standing and subscriptions, as Partner Center reports them. */
export const readAzure = step('readAzure', Tenant, AzureFacts);

/** 4. Blockers that would make enabling fail (GDAP, Conditional Access, location policy, sandbox, MCA). */
export const checkPreflight = step('checkPreflight', Tenant.extend({ partner: PartnerFacts, customer: CustomerFacts, azure: AzureFacts }), z.object({ blockers: z.array(Blocker) }));

/** 5. Start moving a legacy Azure offer to an Azure plan. */
export const startPlanTransition = step('startPlanTransition', Tenant, AzureFacts);

/** 6. Create (or find again: the alias name is the idempotency key) a subscription for the customer. */
export const AliasState = z.object({ provisioningState: z.enum(['Accepted', 'Succeeded', 'Failed']), subscriptionId: z.string().optional() });
export const createSubscription = step('createSubscription', Tenant.extend({
    aliasName: z.string(), displayName: z.string(), resellerId: z.string().optional(),
}), AliasState);
export const readSubscription = step('readSubscription', Tenant.extend({ aliasName: z.string() }), AliasState);

/** 7. Communications Credits: balance and auto-recharge. */
export const readCredits = step('readCredits', Tenant, z.object({ credits: CommunicationsCredits.nullable() }));

/** Tells the customer's admin that auto-recharge keeps post-paid overage from starting (once per run). */
export const notifyAutoRecharge = step('notifyAutoRecharge', z.object({
    runId: z.string(), to: z.string(), customer: CustomerFacts, partnerName: z.string(), waiting: z.boolean(),
}), z.object({ sent: z.boolean() }));

/** 8. Ask Partner Center to set overage, then read what it reports. */
export const requestOverage = step('requestOverage', Tenant.extend({
    azureEntitlementId: z.guid().nullable(), overageEnabled: z.boolean(), resellerId: z.string().optional(),
}), z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), Refusal]));
export const readOverage = step('readOverage', Tenant.extend({ service: ServiceType }), z.object({ current: OverageItem.nullable() }));

/** 9. The audit trail: one event per step (idempotent by id). */
export const recordAudit = step('recordAudit', AuditEvent, z.object({ recorded: z.boolean() }));

/** The run's end, on its record: frees the customer and service for the next run. */
export const finishRun = step('finishRun', z.object({
    customerTenantId: z.guid(), runId: z.string(), status: z.enum(['completed', 'failed']), at: z.iso.datetime(),
    outcome: z.record(z.string(), z.unknown()).optional(), fault: Fault.optional(),
}), z.object({ recorded: z.boolean() }));

/** The final setting with its ETag: of two concurrent runs for one customer and service, one wins. */
export const recordOverage = step('recordOverage', RecordedSetting, z.object({ won: z.boolean(), current: RecordedSetting }));

// One customer's readiness as one partner sees it, read from Microsoft's APIs
// once and judged by the rules an enablement applies: Partner Center's
// subscriptions (eligibility), its overage record with the app's recorded
// setting (ownership), the credits API, the usage pull's state (the app's
// own store), and, only for a customer the partner
// could switch on, the preflight reads (Azure standing, GDAP, Conditional
// Access, allowed locations). A preflight read that is refused or fails
// leaves an `unknown` blocker instead of failing the customer.
import { isoNow } from '../../core/clock';
import type { OverageItem } from '../../core/domain/partnerCenter';
import { assessCredits } from '../../core/domain/rules/credits';
import { checkEligibility } from '../../core/domain/rules/eligibility';
import { isGivenUp, ownerOnRecord, ownershipOf } from '../../core/domain/rules/ownership';
import { preflightBlockers } from '../../core/domain/rules/preflight';
import { assessReadiness, needsPreflight, type ReadinessBlocker, unknownBlocker } from '../../core/domain/rules/readiness';
import type { CommunicationsCredits } from '../../core/domain/customer';
import type { ServiceType } from '../../core/domain/subscription';
import type { PartnerFacts } from '../../core/steps/overageSteps';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { PcCustomer } from '../../adapters/partnerCenter/partnerCenterSchemas';
import { licenseSubscriptions } from '../../adapters/partnerCenter/toDomain';
import type { StateStore } from '../../adapters/state/stateStore';
import { UpstreamHttpError } from '../../core/faults/upstreamErrors';
import { azureStanding } from '../overage/azureStanding';
import { runsOf } from '../overage/runs';
import { recordedSetting } from '../overage/settingStore';
import { readPullState } from '../usage/pull/pullState';
import { fleetUsageOf } from './fleetUsage';
import { type ReadinessDoc, readinessId } from './readinessDoc';

/** The partner whose fleet is assessed, as the sync knows it once per round. */
export interface FleetPartner {
    partnerId: string;
    partner: PartnerFacts;
    /** An indirect reseller has no billing account of its own: Partner Center's view of Azure is all it has. */
    indirectReseller: boolean;
    /** An indirect provider's resellers, by id, for their names. */
    resellers: Map<string, string>;
}

/** What the assessment read besides the readiness: the read model is kept from the same reads. */
export interface Assessed {
    doc: ReadinessDoc;
    overage: OverageItem | null;
    credits: CommunicationsCredits | null;
}

const PAYER = { communicationsCredits: 'credits', overage: 'overage', nothing: 'nobody' } as const;

/**
 * The preflight reads of one round, by customer and the partner acting for it: a customer an
 * indirect provider and its reseller both list is read once (GDAP and RBAC reads are the slow,
 * throttled ones).
 */
export type PreflightMemo = Map<string, Promise<ReadinessBlocker[]>>;

export async function assessCustomer(ms: MicrosoftClients, store: StateStore, p: FleetPartner, customer: PcCustomer, service: ServiceType, source: ReadinessDoc['source'], memo: PreflightMemo = new Map()): Promise<Assessed> {
    const customerTenantId = customer.companyProfile.tenantId.toLowerCase();
    const name = customer.companyProfile.companyName;
    const assessedAt = isoNow();
    const [overageRecord, subscriptions, { credits }, recorded, runs, pull] = await Promise.all([
        ms.partnerCenter.overage(customerTenantId), ms.partnerCenter.subscriptions(customerTenantId), ms.credits.credits(customerTenantId),
        recordedSetting(store, customerTenantId, service), runsOf(store, customerTenantId, p.partnerId, 1), readPullState(store, customerTenantId),
    ]);
    const overage = overageRecord.items.find((i) => i.type === service) ?? null;
    const actingForPartnerId = customer.associatedPartnerId ?? p.partnerId;
    const licences = licenseSubscriptions(subscriptions);
    const owner = ownerOnRecord(overage ?? undefined, licences, service, isGivenUp(overage ?? undefined, recorded?.partnerId));
    const facts = {
        actingForPartnerId,
        overage: overage && { enabled: overage.overageEnabled, partnerId: overage.partnerId },
        eligibility: checkEligibility({ name, subscriptions: licences }),
        ownership: ownershipOf(owner, customerTenantId, service, actingForPartnerId),
        credits: assessCredits(credits, overage),
    };
    let preflight: ReadinessBlocker[] | undefined;
    if (needsPreflight(facts)) {
        const key = `${customerTenantId}:${actingForPartnerId}`;
        if (!memo.has(key)) memo.set(key, preflightOf(ms, p, customerTenantId, name));
        preflight = await memo.get(key)!;
    }
    const { state, blockers } = assessReadiness({ ...facts, preflight });
    const run = runs[0];
    return {
        overage, credits,
        doc: {
            id: readinessId(customerTenantId, service), partnerId: p.partnerId, customerTenantId, service, name,
            reseller: customer.associatedPartnerId ? { partnerId: customer.associatedPartnerId, name: p.resellers.get(customer.associatedPartnerId) ?? null } : null,
            state, blockers, payerNow: PAYER[facts.credits.payer], postpaidActive: facts.credits.postpaidActive,
            overage: overage && { enabled: overage.overageEnabled, partnerId: overage.partnerId, azureEntitlementId: overage.azureEntitlementId },
            lastRun: run ? {
                id: run.id, kind: run.kind, status: run.ended?.status ?? 'running',
                result: typeof run.ended?.outcome?.result === 'string' ? run.ended.outcome.result : null, at: run.ended?.at ?? run.startedAt,
            } : null,
            usage: fleetUsageOf(pull), assessedAt, source,
        },
    };
}

/** Rule 8 for this customer; each read that cannot be made is an `unknown` blocker. */
async function preflightOf(ms: MicrosoftClients, p: FleetPartner, customerTenantId: string, name: string): Promise<ReadinessBlocker[]> {
    let azure;
    try {
        azure = await azureStanding(ms, p.indirectReseller ? null : p.partnerId, customerTenantId);
    } catch (err) {
        return [unknownBlocker(`${name}'s Azure plan and subscriptions`, why(err))];
    }
    try {
        const policies = await ms.policies.policies(customerTenantId, azure.entitlements.map((e) => e.id));
        return preflightBlockers({ partner: p.partner, customer: { name, azure, policies } });
    } catch (err) {
        return [unknownBlocker(`${name}'s tenant policies (GDAP, Conditional Access, allowed locations)`, why(err))];
    }
}

function why(err: unknown): string {
    if (err instanceof UpstreamHttpError) return err.status === 401 || err.status === 403 ? `access refused (HTTP ${err.status})` : `HTTP ${err.status}`;
    return err instanceof Error ? err.message.slice(0, 200) : String(err);
}

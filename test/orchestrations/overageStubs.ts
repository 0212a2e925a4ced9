// Stubbed overage steps over a small model of one customer at Partner Center
// and Azure, for orchestrator tests: asked to set overage, Partner Center
// shows it after a number of reads; a new subscription is Accepted before it
// Succeeds; a legacy offer becomes a plan some reads after its transition
// started. Every audit event and the run's end are kept for the test to read.
import type { Blocker } from '../../shared/core/domain/findings';
import type { OverageItem } from '../../shared/core/domain/partnerCenter';
import type { AuditEvent } from '../../shared/core/overage/auditEvent';
import type { RecordedSetting } from '../../shared/core/overage/recordedSetting';
import {
    assessEligibility, assessOwnership, AzureFacts, createSubscription, CustomerFacts, finishRun, notifyAutoRecharge, PartnerFacts, readAzure, readCredits,
    readOverage, readSubscription, recordAudit, recordOverage, requestOverage, checkPreflight, startPlanTransition, verifyCaller,
} from '../../shared/core/steps/overageSteps';
import { answer, StepStub } from '../helpers/orchestrationDriver';

export const CUSTOMER = '10000000-0000-4000-8000-0000000000c1';
export const SUB_A = '30000000-0000-4000-8000-0000000000a1';
export const NEW_SUB = '30000000-0000-4000-8000-0000000000b2';
export const CONTOSO: PartnerFacts = { id: '1001', name: 'Contoso Telecom', kind: 'direct', providerId: null, sandbox: false, sandboxAzurePlanAccess: false };
export const FABRIKAM: CustomerFacts = { tenantId: CUSTOMER, name: 'Fabrikam', country: 'DE', adminContact: 'it@fabrikam.example' };
export const AGENT = { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent' as const] };
export const TIMING = { pollIntervalMs: 5_000, pollTimeoutMs: 600_000, autoRechargePollMs: 6 * 3_600_000, autoRechargeWaitMs: 14 * 86_400_000 };

export const refusal = (code: Blocker['code'], detail = `refused: ${code}`): { ok: false; blocker: Blocker } => ({ ok: false, blocker: { code, detail, remedy: `What to do about ${code}.` } });

export const overageItem = (partnerId: string, azureEntitlementId: string | null, overageEnabled = true): OverageItem =>
    ({ partnerId, azureEntitlementId, overageEnabled, type: 'PhoneServices', attributes: { objectType: 'Overage' } });

export const LITWARE: PartnerFacts = { id: '1002', name: 'Litware Voice', kind: 'direct', providerId: null, sandbox: false, sandboxAzurePlanAccess: false };

export interface OverageModel {
    /** The partner verifyCaller finds for an agent of `partner.id`; an agent of another partner finds that one in `others`. */
    partner: PartnerFacts;
    others: PartnerFacts[];
    customer: CustomerFacts;
    /** The partner the agent acts for (a two-tier provider's reseller); by default the agent's own. */
    actingForPartnerId?: string;
    azure: AzureFacts;
    credits: { balance: number; currency: string; autoRecharge: { enabled: boolean; threshold: number; amount: number } | null } | null;
    /** What Partner Center shows now. */
    overage: OverageItem | null;
    /** Reads of Partner Center before a requested setting shows (Infinity: never). */
    applyAfterReads: number;
    /** Reads before a legacy transition shows the plan (Infinity: never). */
    transitionAfterReads: number;
    /** Reads of a new alias that answer Accepted before it ends as `aliasEnd`. */
    aliasAcceptedReads: number;
    aliasEnd: 'Succeeded' | 'Failed';
    refuse: Partial<Record<'verifyCaller' | 'assessEligibility' | 'assessOwnership' | 'requestOverage', Blocker['code']>>;
    /** Only agents of this partner are refused (by default every agent). */
    refuseOnlyFor?: string;
    preflightBlockers: Blocker[];
    /** Another partner's setting Partner Center shows instead of ours once applied. */
    replacedBy?: OverageItem;
    /** The stored record another run won with (recordOverage answers won: false). */
    recordLostTo?: RecordedSetting;
}

export interface OverageStubs {
    model: OverageModel;
    steps: StepStub[];
    audit: AuditEvent[];
    finished: Array<{ status: string; outcome?: unknown; fault?: unknown }>;
    records: RecordedSetting[];
}

export function overageStubs(edit: Partial<OverageModel> = {}): OverageStubs {
    const model: OverageModel = {
        partner: CONTOSO, others: [LITWARE], customer: FABRIKAM,
        azure: { kind: 'plan', mcaAccepted: true, entitlements: [{ id: SUB_A, name: 'Subscription 1' }], transition: 'notStarted' },
        credits: { balance: 0, currency: 'EUR', autoRecharge: null },
        overage: null, applyAfterReads: 1, transitionAfterReads: 2, aliasAcceptedReads: 1, aliasEnd: 'Succeeded',
        refuse: {}, preflightBlockers: [],
        ...edit,
    };
    const s: OverageStubs = { model, steps: [], audit: [], finished: [], records: [] };
    let pending: { item: OverageItem; reads: number } | undefined;
    let transition: { reads: number } | undefined;
    const aliases = new Map<string, number>();
    const refused = (step: keyof OverageModel['refuse'], agent: { partnerId: string }) =>
        (model.refuse[step] && (!model.refuseOnlyFor || model.refuseOnlyFor === agent.partnerId) ? refusal(model.refuse[step]!) : undefined);
    const partnerOf = (id: string) => [model.partner, ...model.others].find((p) => p.id === id) ?? model.partner;
    s.steps = [
        answer(verifyCaller, ({ caller }) => refused('verifyCaller', caller)
            ?? { ok: true, partner: partnerOf(caller.partnerId), customer: model.customer, actingForPartnerId: model.actingForPartnerId ?? caller.partnerId }),
        answer(assessEligibility, ({ caller }) => refused('assessEligibility', caller) ?? { ok: true }),
        answer(assessOwnership, ({ caller }) => refused('assessOwnership', caller) ?? { ok: true, current: model.overage }),
        answer(readAzure, () => {
            if (transition && ++transition.reads > model.transitionAfterReads) {
                model.azure = { kind: 'plan', mcaAccepted: true, entitlements: [], transition: 'completed' };
                transition = undefined;
            }
            return model.azure;
        }),
        answer(checkPreflight, () => ({ blockers: model.preflightBlockers })),
        answer(startPlanTransition, () => {
            transition = { reads: 0 };
            return { ...model.azure, transition: 'inProgress' };
        }),
        answer(createSubscription, ({ aliasName }) => {
            aliases.set(aliasName, 0);
            return { provisioningState: 'Accepted' };
        }),
        answer(readSubscription, ({ aliasName, ...rest }) => {
            const reads = aliases.get(aliasName)! + 1;
            aliases.set(aliasName, reads);
            if (reads <= model.aliasAcceptedReads) return { provisioningState: 'Accepted' };
            if (model.aliasEnd === 'Failed') return { provisioningState: 'Failed' };
            if (!model.azure.entitlements.some((e) => e.id === NEW_SUB)) model.azure = { ...model.azure, entitlements: [...model.azure.entitlements, { id: NEW_SUB, name: String(rest.customerTenantId) }] };
            return { provisioningState: 'Succeeded', subscriptionId: NEW_SUB };
        }),
        answer(readCredits, () => ({ credits: model.credits })),
        answer(notifyAutoRecharge, () => ({ sent: true })),
        answer(requestOverage, ({ caller, azureEntitlementId, overageEnabled, resellerId }) => {
            const no = refused('requestOverage', caller);
            if (no) return no;
            pending = { item: model.replacedBy ?? overageItem(resellerId ?? caller.partnerId, azureEntitlementId, overageEnabled), reads: 0 };
            return { ok: true };
        }),
        answer(readOverage, () => {
            if (pending && ++pending.reads >= model.applyAfterReads) {
                model.overage = pending.item;
                pending = undefined;
            }
            return { current: model.overage };
        }),
        answer(recordOverage, (record) => {
            s.records.push(record);
            return model.recordLostTo ? { won: false, current: model.recordLostTo } : { won: true, current: record };
        }),
        answer(recordAudit, (e) => {
            s.audit.push(e);
            return { recorded: true };
        }),
        answer(finishRun, ({ status, outcome, fault }) => {
            s.finished.push({ status, ...(outcome ? { outcome } : {}), ...(fault ? { fault } : {}) });
            return { recorded: true };
        }),
    ];
    return s;
}

/** The audit trail as `step result` lines. */
export const trail = (s: OverageStubs) => s.audit.map((e) => `${e.step} ${e.result}`);

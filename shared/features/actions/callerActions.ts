// The facts overageActions (core/domain/rules/actions.ts) decides from, read
// the way the run and the handover start read them: rule 2 through the same
// managePermission the API's guard applies to a change, rule 4 through
// ownerOnRecord + isGivenUp + ownershipOf over Partner Center's overage record
// (the one the read model keeps, so a read from it costs no extra call), the
// caller's open handover from the handover documents, and rules 1 and 8 as the
// fleet's last assessment (the same checkEligibility and preflightBlockers)
// found them.
import type { Caller } from '../../core/domain/partner';
import { overageActions, type OpenHandover, type OverageActions } from '../../core/domain/rules/actions';
import { isGivenUp, ownerOnRecord, ownershipOf } from '../../core/domain/rules/ownership';
import type { ServiceType } from '../../core/domain/subscription';
import type { PcPartnerProfile } from '../../adapters/partnerCenter/partnerCenterSchemas';
import type { StateStore } from '../../adapters/state/stateStore';
import { managePermission, type ManageReads } from '../access/managePermission';
import { handoversOf } from '../handover/handoverStore';
import { recordedSetting } from '../overage/settingStore';
import type { ReadinessDoc } from '../readiness/readinessDoc';
import { readReadiness } from '../readiness/readinessStore';

/** Partner Center's overage record for the service, as the read model keeps it. */
export interface OverageRecord { enabled: boolean; partnerId: string; azureEntitlementId: string | null }

export interface CallerActionsInput {
    pc: ManageReads;
    store: StateStore;
    caller: Caller;
    customerTenantId: string;
    service: ServiceType;
    record: OverageRecord | null;
    /** The caller's partner account, when already read. */
    profile?: PcPartnerProfile;
    /** An indirect reseller's provider by name, for the refusal that sends the reseller to it. */
    provider?: { id: string; name: string } | null;
    nameOf(partnerId: string): string;
}

const OPEN = new Set(['awaiting-approvals', 'switching']);

export async function callerActions(i: CallerActionsInput): Promise<CallerActions> {
    const [assessed, recorded, handovers] = await Promise.all([
        readReadiness(i.store, i.caller.partnerId, i.customerTenantId, i.service),
        recordedSetting(i.store, i.customerTenantId, i.service),
        handoversOf(i.store, i.customerTenantId, i.caller.partnerId, 10),
    ]);
    // two-tier: an indirect provider acts for the reseller the customer was sold through, as its run names it
    const reseller = resellerOf(assessed, i.caller);
    const { permission } = await managePermission(i.pc, i.caller, reseller?.partnerId, i.profile, i.provider);
    const record = i.record && { type: i.service, partnerId: i.record.partnerId, azureEntitlementId: i.record.azureEntitlementId, overageEnabled: i.record.enabled };
    // without a record the run decides from the partner's own purchases, which it can only own or leave unowned: both allow
    const owner = ownerOnRecord(record ?? undefined, [], i.service, isGivenUp(record ?? undefined, recorded?.partnerId));
    const actingFor = permission.allowed ? permission.actingForPartnerId : i.caller.partnerId;
    const open = handovers.find((h) => h.service === i.service && OPEN.has(h.status));
    const openHandover: OpenHandover | null = open ? { id: open.id, requestedByPartnerId: open.requestedBy.partnerId, awaitingApprovals: open.status === 'awaiting-approvals' } : null;
    const actions = overageActions({
        callerPartnerId: i.caller.partnerId,
        manage: permission,
        ownership: ownershipOf(owner, i.customerTenantId, i.service, actingFor),
        overageEnabled: i.record?.enabled ?? false,
        openHandover,
        assessed: assessed?.blockers.map((b) => ({ code: b.code, detail: b.detail, remedy: b.remedy })),
        nameOf: i.nameOf,
    });
    return { actions, reseller };
}

/** The indirect reseller the fleet found the customer sold through, unless that is the caller's own partner. */
function resellerOf(assessed: ReadinessDoc | undefined, caller: Caller): ResellerNamed | null {
    const r = assessed?.reseller;
    return r && r.partnerId !== caller.partnerId ? { partnerId: r.partnerId, name: r.name } : null;
}

export interface ResellerNamed { partnerId: string; name: string | null }

export interface CallerActions {
    actions: OverageActions;
    /** Two-tier: the reseller the caller's partner acts for on this customer (its enable and switch-off name it). */
    reseller: ResellerNamed | null;
}

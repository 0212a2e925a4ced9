// The facts overageActions (core/domain/rules/actions.ts) decides from, read
// the way the run and the handover start read them: rule 2 through the same
// managePermission the API's guard applies to a change, rule 4 through
// ownerOnRecord + isGivenUp + ownershipOf over Partner Center's overage record
// (the one the read model keeps, so a read from it costs no extra call), the
// caller's open handover from the handover documents, and rule 1 as the
// fleet's last assessment (the same checkEligibility) found it.
import type { Caller } from '../../core/domain/partner';
import { overageActions, type OpenHandover, type OverageActions } from '../../core/domain/rules/actions';
import { isGivenUp, ownerOnRecord, ownershipOf } from '../../core/domain/rules/ownership';
import type { ServiceType } from '../../core/domain/subscription';
import type { PartnerCenterClient } from '../../adapters/partnerCenter/partnerCenterClient';
import type { PcPartnerProfile } from '../../adapters/partnerCenter/partnerCenterSchemas';
import type { StateStore } from '../../adapters/state/stateStore';
import { managePermission } from '../access/managePermission';
import { handoversOf } from '../handover/handoverStore';
import { recordedSetting } from '../overage/settingStore';
import { readReadiness } from '../readiness/readinessStore';

/** Partner Center's overage record for the service, as the read model keeps it. */
export interface OverageRecord { enabled: boolean; partnerId: string; azureEntitlementId: string | null }

export interface CallerActionsInput {
    pc: PartnerCenterClient;
    store: StateStore;
    caller: Caller;
    customerTenantId: string;
    service: ServiceType;
    record: OverageRecord | null;
    /** The caller's partner account, when already read. */
    profile?: PcPartnerProfile;
    nameOf(partnerId: string): string;
}

const OPEN = new Set(['awaiting-approvals', 'switching']);

export async function callerActions(i: CallerActionsInput): Promise<OverageActions> {
    const [{ permission }, recorded, handovers, assessed] = await Promise.all([
        managePermission(i.pc, i.caller, undefined, i.profile),
        recordedSetting(i.store, i.customerTenantId, i.service),
        handoversOf(i.store, i.customerTenantId, i.caller.partnerId, 10),
        readReadiness(i.store, i.caller.partnerId, i.customerTenantId, i.service),
    ]);
    const notEligible = assessed?.state === 'not-eligible' ? assessed.blockers.find((b) => b.code === 'not-eligible') : undefined;
    const record = i.record && { type: i.service, partnerId: i.record.partnerId, azureEntitlementId: i.record.azureEntitlementId, overageEnabled: i.record.enabled };
    // without a record the run decides from the partner's own purchases, which it can only own or leave unowned: both allow
    const owner = ownerOnRecord(record ?? undefined, [], i.service, isGivenUp(record ?? undefined, recorded?.partnerId));
    const actingFor = permission.allowed ? permission.actingForPartnerId : i.caller.partnerId;
    const open = handovers.find((h) => h.service === i.service && OPEN.has(h.status));
    const openHandover: OpenHandover | null = open ? { id: open.id, requestedByPartnerId: open.requestedBy.partnerId, awaitingApprovals: open.status === 'awaiting-approvals' } : null;
    return overageActions({
        manage: permission,
        ownership: ownershipOf(owner, i.customerTenantId, i.service, actingFor),
        overageEnabled: i.record?.enabled ?? false,
        openHandover,
        notEligible: notEligible && { code: notEligible.code, detail: notEligible.detail },
        nameOf: i.nameOf,
    });
}

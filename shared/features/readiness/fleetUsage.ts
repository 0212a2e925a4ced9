// The usage pull's state on the fleet view: each row shows whether the
// customer's calls are being pulled from Microsoft Graph (`ok`, through
// when), whether the app lacks consent in the customer's tenant
// (`consent-missing`, with the remedy in words), a failed pull, or none yet.
// The assessment reads it with the rest; a pull's end writes it onto the
// rows of every fleet that holds the customer at once, so a partner sees a
// consent gap the day the pull meets it, not at the next assessment.
import type { StateStore } from '../../adapters/state/stateStore';
import { PHONE_SERVICES } from '../../core/overage/enablement';
import type { ServiceType } from '../../core/domain/subscription';
import { readDoc } from '../readModel/readModel';
import { consentRemedy } from '../usage/pull/consentRemedy';
import type { UsagePullDoc } from '../usage/pull/pullState';
import type { FleetUsage, ReadinessDoc } from './readinessDoc';
import { readReadiness, saveReadiness, touch } from './readinessStore';

export function fleetUsageOf(pull: UsagePullDoc | undefined): FleetUsage {
    if (!pull) return { state: 'not-pulled', lastPulledThrough: null, checkedAt: null };
    return { state: pull.state, lastPulledThrough: pull.cursor, checkedAt: pull.checkedAt, ...(pull.state === 'failed' && pull.fault ? { faultCode: pull.fault.code } : {}) };
}

/** The row's usage (rows assessed before the fleet kept it have none: `not-pulled` until the next assessment or pull). */
export const usageOfRow = (d: ReadinessDoc): FleetUsage => d.usage ?? fleetUsageOf(undefined);

/** What the row's partner can do about the usage state, in words (consent-missing and failed only). */
export function usageRemedy(d: ReadinessDoc, env: Record<string, string | undefined>): { remedy: string; adminConsentUrl?: string | null } | undefined {
    const usage = usageOfRow(d);
    if (usage.state === 'consent-missing') return consentRemedy(d.customerTenantId, d.partnerId, env);
    if (usage.state === 'failed') return { remedy: 'The last pull failed; the customer\'s usage says why. The next pull, daily or one asked for now, tries again from where the calls are in.' };
    return undefined;
}

/** A pull's end: the fleets holding the customer show its state at once; if that fails, their next assessment reads it (the pull itself is done). */
export async function showPullOnFleets(store: StateStore, pull: UsagePullDoc): Promise<void> {
    await showUsageInFleets(store, PHONE_SERVICES, pull).catch(() => undefined);
}

/**
 * Writes a pull's state onto the customer's rows in the fleets that hold it
 * (the partners whose lists hold it, as the read model knows them, and the
 * partner the pull acted for), and marks those fleets changed. A customer no
 * fleet holds yet gets it at its first assessment.
 */
export async function showUsageInFleets(store: StateStore, service: ServiceType, pull: UsagePullDoc): Promise<void> {
    const viewers = (await readDoc(store, pull.customerTenantId, service))?.viewers ?? [];
    const usage = fleetUsageOf(pull);
    for (const partnerId of new Set([...viewers, pull.partnerId])) {
        const row = await readReadiness(store, partnerId, pull.customerTenantId, service);
        if (!row) continue;
        const { pk: _pk, etag: _etag, ...stored } = row as ReadinessDoc & { pk?: string; etag?: string };
        await saveReadiness(store, { ...stored, usage });
        await touch(store, partnerId);
    }
}

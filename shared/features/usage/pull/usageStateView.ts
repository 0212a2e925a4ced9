// A customer's usage state as the API shows it (GET .../usage, the
// diagnostics, a pull's answer): what the last pull from Microsoft Graph
// found, through when the calls are in, and what to do when they cannot be read.
import type { Fault } from '../../../core/faults/stepFault';
import { consentRemedy } from './consentRemedy';
import { isControlPanelVendor } from './pullConfig';
import type { PullCounts, UsagePullDoc } from './pullState';

export interface UsageStateView {
    customerTenantId: string;
    /** `not-pulled` until the first pull ends. */
    state: UsagePullDoc['state'] | 'not-pulled';
    /** Every call that started before this instant is in (the cursor); null before the first window committed. */
    lastPulledThrough: string | null;
    checkedAt: string | null;
    lastPull: { from: string; to: string; counts: PullCounts } | null;
    /** consent-missing: what Graph said, what to do, and where. */
    detail?: string;
    remedy?: string;
    adminConsentUrl?: string | null;
    /** failed: the fault. */
    fault?: Fault;
    /** What the caller may do now. */
    actions: Array<{ name: 'pull' | 'request-consent'; method: 'POST'; href: string }>;
}

/** `partnerId`: the reader's partner (a Control Panel Vendor is offered Partner Center's consent). */
export function usageStateView(customerTenantId: string, doc: UsagePullDoc | undefined, partnerId: string | undefined, env: Record<string, string | undefined>): UsageStateView {
    const base = `/api/customers/${customerTenantId}/usage`;
    const actions: UsageStateView['actions'] = [{ name: 'pull', method: 'POST', href: `${base}/pull` }];
    const view: UsageStateView = {
        customerTenantId, state: doc?.state ?? 'not-pulled', lastPulledThrough: doc?.cursor ?? null, checkedAt: doc?.checkedAt ?? null, lastPull: doc?.lastPull ?? null, actions,
    };
    if (!doc) return { ...view, remedy: 'Usage is pulled from Microsoft Graph every day; pull it now to have it sooner.' };
    if (doc.state === 'failed' && doc.fault) return { ...view, fault: doc.fault };
    if (doc.state !== 'consent-missing') return view;
    const { adminConsentUrl, remedy } = consentRemedy(customerTenantId, partnerId, env);
    if (partnerId !== undefined && isControlPanelVendor(partnerId, env) && env.PARTNER_APP_CLIENT_ID) actions.push({ name: 'request-consent', method: 'POST', href: `${base}/consent` });
    return { ...view, detail: `Microsoft Graph refuses this customer's PSTN call log to the app: it holds no consent in the customer's tenant (${doc.consentDetail ?? '403 Forbidden'}).`, remedy, adminConsentUrl };
}

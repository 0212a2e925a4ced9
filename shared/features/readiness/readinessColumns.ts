// The fleet view's CSV (GET /api/readiness.csv): one row per customer and
// service, for Excel; blockers as their codes, remedies beside them; the
// usage pull's state, through when the calls are in, and what to do about it.
import { usageOfRow, usageRemedy } from './fleetUsage';
import type { ReadinessDoc } from './readinessDoc';

export const READINESS_COLUMNS = [
    'CustomerTenantId', 'CustomerName', 'Service', 'ResellerPartnerId', 'ResellerName', 'State', 'Blockers', 'Remedies', 'PayerNow', 'PostpaidActive',
    'OverageEnabled', 'OveragePartnerId', 'AzureEntitlementId', 'LastRunId', 'LastRunKind', 'LastRunStatus', 'LastRunResult', 'LastRunAt', 'UsageState', 'UsagePulledThrough', 'UsageRemedy', 'AssessedAt',
] as const;

export function readinessCsvRow(d: ReadinessDoc, env: Record<string, string | undefined>): Record<(typeof READINESS_COLUMNS)[number], string> {
    const usage = usageOfRow(d);
    return {
        CustomerTenantId: d.customerTenantId, CustomerName: d.name, Service: d.service, ResellerPartnerId: d.reseller?.partnerId ?? '', ResellerName: d.reseller?.name ?? '',
        State: d.state, Blockers: d.blockers.map((b) => b.code).join('; '), Remedies: d.blockers.map((b) => b.remedy).join(' | '), PayerNow: d.payerNow,
        PostpaidActive: String(d.postpaidActive), OverageEnabled: String(d.overage?.enabled ?? false), OveragePartnerId: d.overage?.partnerId ?? '',
        AzureEntitlementId: d.overage?.azureEntitlementId ?? '', LastRunId: d.lastRun?.id ?? '', LastRunKind: d.lastRun?.kind ?? '', LastRunStatus: d.lastRun?.status ?? '',
        LastRunResult: d.lastRun?.result ?? '', LastRunAt: d.lastRun?.at ?? '',
        UsageState: usage.state, UsagePulledThrough: usage.lastPulledThrough ?? '', UsageRemedy: usageRemedy(d, env)?.remedy ?? '', AssessedAt: d.assessedAt,
    };
}


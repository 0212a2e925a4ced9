// The fleet sync: every READ_MODEL_SYNC_SCHEDULE (six-field NCRONTAB, default
// every 15 minutes) it lists every served partner's customers at Partner
// Center and assesses each as that partner sees it, a few at a time: the
// fleet view (GET /api/readiness) and the read model (GET /api/customers,
// GET overage) come from the same reads.
import { app } from '@azure/functions';
import { PHONE_SERVICES } from '../shared/core/overage/enablement';
import { servedAgents } from '../shared/adapters/partnerCenter/servedPartners';
import { syncFleet } from '../shared/features/readiness/syncFleet';
import { readinessMaxAgeMs } from '../shared/features/readiness/readinessConfig';
import { DEFAULT_READ_MODEL_SYNC_SCHEDULE, readModelSyncConcurrency } from '../shared/features/readModel/readModelConfig';
import type { Dependencies } from '../shared/adapters/dependencies';

export function registerReadModelSync(deps: Dependencies): void {
    app.timer('readModelSync', {
        schedule: deps.env.READ_MODEL_SYNC_SCHEDULE ?? DEFAULT_READ_MODEL_SYNC_SCHEDULE,
        handler: async (_timer, ctx) => {
            const agents = servedAgents(deps.env);
            if (!agents.length) {
                ctx.log('Fleet sync: no served partners (SERVED_PARTNERS), nothing to read.');
                return;
            }
            const report = await syncFleet(deps, PHONE_SERVICES, agents, { concurrency: readModelSyncConcurrency(deps.env), maxAgeMs: readinessMaxAgeMs(deps.env) });
            for (const p of report.partners) {
                ctx.log(`Fleet sync: partner ${p.partnerId}: ${p.assessed}/${p.customers} customers assessed, ${p.kept} kept (assessed lately), ${p.removed} no longer listed${p.listFailed ? `; its customer list failed: ${p.listFailed}` : ''}.`);
            }
            ctx.log(`Fleet sync: ${report.customers} customers in the read model, ${report.failed.length} assessments failed.`);
            for (const f of report.failed.slice(0, 20)) ctx.warn(`Fleet sync: ${f.partnerId}/${f.customerTenantId}: ${f.error}`);
        },
    });
}

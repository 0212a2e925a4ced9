// The read model's sync: every READ_MODEL_SYNC_SCHEDULE (six-field NCRONTAB,
// default every 15 minutes) it reads every customer the app knows from
// Partner Center as each served partner's agent, a few customers at a time,
// and stores what GET overage and GET /api/customers answer.
import { app } from '@azure/functions';
import { PHONE_SERVICES } from '../shared/core/overage/enablement';
import { servedAgents } from '../shared/adapters/partnerCenter/servedPartners';
import { syncReadModel } from '../shared/features/readModel/refresh';
import { DEFAULT_READ_MODEL_SYNC_SCHEDULE, readModelSyncConcurrency } from '../shared/features/readModel/readModelConfig';
import type { Dependencies } from '../shared/adapters/dependencies';

export function registerReadModelSync(deps: Dependencies): void {
    app.timer('readModelSync', {
        schedule: deps.env.READ_MODEL_SYNC_SCHEDULE ?? DEFAULT_READ_MODEL_SYNC_SCHEDULE,
        handler: async (_timer, ctx) => {
            const agents = servedAgents(deps.env);
            if (!agents.length) {
                ctx.log('Read model sync: no served partners (SERVED_PARTNERS), nothing to read.');
                return;
            }
            const report = await syncReadModel(deps, PHONE_SERVICES, agents, { concurrency: readModelSyncConcurrency(deps.env) });
            ctx.log(`Read model sync: ${report.refreshed}/${report.customers} customers refreshed, ${report.notSeen} seen by no served partner, ${report.failed.length} failed.`);
            for (const f of report.failed.slice(0, 20)) ctx.warn(`Read model sync: ${f.customerTenantId}: ${f.error}`);
        },
    });
}

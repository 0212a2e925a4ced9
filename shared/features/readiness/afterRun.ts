// After a run ends, every partner whose fleet holds the customer sees it at
// once, not at the next sync: its readiness is assessed again as that
// partner's served agent (the run's partner now "on", another partner
// "owned-by-another-partner", a blocked run's blockers). For a partner the
// deployment does not act for, or when the reads fail, only the last run is
// brought up to date; the next sync assesses it.
import type { Dependencies } from '../../adapters/dependencies';
import type { ServiceType } from '../../core/domain/subscription';
import { servedAgent, servedAgents } from '../../adapters/partnerCenter/servedPartners';
import type { StoredRun } from '../overage/runs';
import { assessCustomer } from './assessReadiness';
import { fleetPartner } from './fleetPartner';
import type { ReadinessDoc } from './readinessDoc';
import { readReadiness, saveReadiness, touch } from './readinessStore';

export async function reassessAfterRun(deps: Pick<Dependencies, 'stateStore' | 'microsoft' | 'env'>, run: StoredRun, log: (message: string) => void = () => {}): Promise<void> {
    const store = deps.stateStore;
    // the fleets that may hold the customer: the served partners' and the run's viewers' (point reads, not a scan of every fleet)
    const partners = [...new Set([...servedAgents(deps.env).map((a) => a.partnerId), ...run.viewers])];
    const docs = (await Promise.all(partners.map((p) => readReadiness(store, p, run.customerTenantId, run.service as ServiceType)))).filter((d) => d !== undefined);
    for (const doc of docs) {
        const agent = servedAgent(doc.partnerId, deps.env);
        let fresh: ReadinessDoc | undefined;
        if (agent) {
            try {
                const ms = deps.microsoft(agent, 'run');
                const [partner, customer] = await Promise.all([fleetPartner(ms, doc.partnerId), ms.partnerCenter.customer(run.customerTenantId)]);
                fresh = (await assessCustomer(ms, store, partner, customer, doc.service, 'run')).doc;
            } catch (err) {
                log(`fleet: ${run.customerTenantId} not assessed again for partner ${doc.partnerId} after run ${run.id}: ${err instanceof Error ? err.message : String(err)}`);
            }
        }
        const { pk: _pk, etag: _etag, ...stored } = doc as ReadinessDoc & { pk?: string; etag?: string };
        const lastRun = run.viewers.includes(doc.partnerId) ? lastRunOf(run) : stored.lastRun;
        // a fresh assessment keeps the month's forecast the last usage import wrote
        await saveReadiness(store, fresh ? { ...fresh, ...(stored.forecast ? { forecast: stored.forecast } : {}) } : { ...stored, lastRun });
        await touch(store, doc.partnerId);
    }
}

function lastRunOf(run: StoredRun): ReadinessDoc['lastRun'] {
    const result = run.ended?.outcome?.result;
    return { id: run.id, kind: run.kind, status: run.ended?.status ?? 'running', result: typeof result === 'string' ? result : null, at: run.ended?.at ?? run.startedAt };
}

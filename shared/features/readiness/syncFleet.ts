// The fleet sync: every served partner's customers, listed from Partner Center
// (paged), each assessed once per round as that partner sees it (or kept,
// when READINESS_MAX_AGE_MS says its last assessment is recent enough). The
// assessments are the partner's fleet view (readiness documents) and, from
// the same reads, the read model's overage view, whose viewers are the
// partners whose lists hold the customer. A customer a partner's complete
// list no longer holds leaves its fleet; a customer the app knows (a recorded
// setting, an earlier document) that no list holds keeps no viewer. A failing
// customer is reported and left as it was; a list that fails changes nothing
// of that partner.
import { appClock } from '../../core/clock';
import type { Caller } from '../../core/domain/partner';
import { UNKNOWN_BLOCKER } from '../../core/domain/rules/readiness';
import type { ServiceType } from '../../core/domain/subscription';
import type { Dependencies } from '../../adapters/dependencies';
import type { MicrosoftClients } from '../../adapters/microsoftClients';
import type { PcCustomer } from '../../adapters/partnerCenter/partnerCenterSchemas';
import type { StateStore } from '../../adapters/state/stateStore';
import { READ_MODEL_CONTAINER, readDoc, saveDoc, toDoc } from '../readModel/readModel';
import { knownCustomers } from '../readModel/refresh';
import { type Assessed, assessCustomer, type FleetPartner, type PreflightMemo } from './assessReadiness';
import { fleetPartner } from './fleetPartner';
import type { ReadinessDoc } from './readinessDoc';
import { readinessOfPartner, removeReadiness, saveReadiness, touch } from './readinessStore';

export interface FleetSyncReport {
    partners: Array<{ partnerId: string; customers: number; assessed: number; kept: number; removed: number; listFailed?: string }>;
    /** Customers in the read model (listed or known). */
    customers: number;
    failed: Array<{ partnerId: string; customerTenantId: string; error: string }>;
}

/** A customer as the round's lists hold it: the partners that list it, and the first assessment made of it. */
interface Listed { viewers: Set<string>; assessed?: Assessed; name: string }

interface Fleet { agent: Caller; ms: MicrosoftClients; partner?: FleetPartner; customers: PcCustomer[]; listFailed?: string }

/** How often, while assessing, the partners' fleets are marked changed, so a reader sees progress before the round ends. */
const TOUCH_EVERY = 500;

export interface SyncOptions {
    /** Customers assessed at once (READ_MODEL_SYNC_CONCURRENCY). */
    concurrency?: number;
    /** An assessment younger than this is kept (READINESS_MAX_AGE_MS; 0: every round assesses every customer). */
    maxAgeMs?: number;
}

export async function syncFleet(deps: Pick<Dependencies, 'stateStore' | 'microsoft'>, service: ServiceType, agents: Caller[], o: SyncOptions = {}): Promise<FleetSyncReport> {
    const store = deps.stateStore;
    const fleets = await Promise.all(agents.map((agent) => listFleet(deps.microsoft(agent, 'run'), agent)));
    const report: FleetSyncReport = { partners: [], customers: 0, failed: [] };
    const existing = new Map(await Promise.all(fleets.map(async (f) => [f.agent.partnerId, f.partner ? await readinessOfPartner(store, f.agent.partnerId, service) : []] as const)));

    const byCustomer = new Map<string, Listed>();
    for (const f of fleets) {
        for (const c of f.customers) {
            const id = c.companyProfile.tenantId.toLowerCase();
            const entry = byCustomer.get(id) ?? { viewers: new Set<string>(), name: c.companyProfile.companyName };
            entry.viewers.add(f.agent.partnerId);
            byCustomer.set(id, entry);
        }
    }
    const forecasts = new Map([...existing.values()].flat().flatMap((d) => (d.forecast ? [[`${d.partnerId}\n${d.customerTenantId}`, d.forecast] as const] : [])));
    // every (partner, customer) pair whose assessment is due, a few at a time: Partner Center throttles per partner
    const now = appClock.now();
    const kept = new Map<string, Set<string>>(fleets.map((f) => [f.agent.partnerId, new Set(
        existing.get(f.agent.partnerId)!.filter((d) => isCurrent(d, now, o.maxAgeMs ?? 0)).map((d) => d.customerTenantId),
    )]));
    const work = fleets.flatMap((f) => (f.partner ? f.customers.filter((c) => !kept.get(f.agent.partnerId)!.has(c.companyProfile.tenantId.toLowerCase())).map((c) => ({ f, c })) : []));
    const assessedBy = new Map<string, number>();
    const memo: PreflightMemo = new Map();
    let done = 0;
    await lanes(work, o.concurrency ?? 2, async ({ f, c }) => {
        const id = c.companyProfile.tenantId.toLowerCase();
        try {
            const assessed = await assessCustomer(f.ms, store, f.partner!, c, service, 'sync', memo);
            // the month's forecast is not Partner Center's to say: the last usage import's stays on the row
            const forecast = forecasts.get(`${f.agent.partnerId}\n${id}`);
            await saveReadiness(store, forecast ? { ...assessed.doc, forecast } : assessed.doc);
            byCustomer.get(id)!.assessed ??= assessed;
            assessedBy.set(f.agent.partnerId, (assessedBy.get(f.agent.partnerId) ?? 0) + 1);
        } catch (err) {
            report.failed.push({ partnerId: f.agent.partnerId, customerTenantId: id, error: err instanceof Error ? err.message : String(err) });
        }
        if (++done % TOUCH_EVERY === 0) await Promise.all(fleets.map((x) => touch(store, x.agent.partnerId)));
    });

    for (const f of fleets) {
        let removed = 0;
        if (f.partner) {
            const listed = new Set(f.customers.map((c) => c.companyProfile.tenantId.toLowerCase()));
            for (const doc of existing.get(f.agent.partnerId)!) {
                if (!listed.has(doc.customerTenantId)) {
                    await removeReadiness(store, f.agent.partnerId, doc.id);
                    removed++;
                }
            }
            await touch(store, f.agent.partnerId);
        }
        report.partners.push({
            partnerId: f.agent.partnerId, customers: f.customers.length, assessed: assessedBy.get(f.agent.partnerId) ?? 0, kept: f.partner ? f.customers.length - work.filter((w) => w.f === f).length : 0, removed,
            ...(f.listFailed ? { listFailed: f.listFailed } : {}),
        });
    }

    // the read model, from the same reads
    const incomplete = new Set(fleets.filter((f) => !f.partner).map((f) => f.agent.partnerId));
    const known = await knownCustomers(store);
    const customers = [...new Set([...byCustomer.keys(), ...known])];
    await lanes(customers, o.concurrency ?? 2, async (id) => {
        try {
            await keepReadModel(store, service, id, byCustomer.get(id), incomplete);
        } catch (err) {
            report.failed.push({ partnerId: '(read model)', customerTenantId: id, error: err instanceof Error ? err.message : String(err) });
        }
    });
    report.customers = customers.length;
    return report;
}

/** The read model's document of a customer from the round's first assessment of it; without one, its viewers as the lists hold them (a customer no list holds keeps none but those whose list failed). */
async function keepReadModel(store: StateStore, service: ServiceType, id: string, entry: Listed | undefined, incomplete: Set<string>): Promise<void> {
    const stored = await readDoc(store, id, service);
    // a partner whose list failed keeps whatever it had
    const viewers = [...(entry?.viewers ?? []), ...(stored?.viewers.filter((v) => incomplete.has(v)) ?? [])];
    if (entry?.assessed) {
        const { doc, overage, credits } = entry.assessed;
        await saveDoc(store, toDoc({
            customerTenantId: id, service, name: entry.name, credits, viewers, asOf: doc.assessedAt,
            overage: overage && { enabled: overage.overageEnabled, partnerId: overage.partnerId, azureEntitlementId: overage.azureEntitlementId },
        }, 'sync'));
    } else if (stored && !sameSet(stored.viewers, viewers)) {
        await store.replace(READ_MODEL_CONTAINER, id, { ...stored, viewers: [...new Set(viewers)].sort() }, { ifMatch: stored.etag });
    }
}

/** Kept this round: assessed within the age, and nothing left unknown (a refused read is tried again every round). */
function isCurrent(doc: ReadinessDoc, now: number, maxAgeMs: number): boolean {
    return maxAgeMs > 0 && now - Date.parse(doc.assessedAt) < maxAgeMs && !doc.blockers.some((b) => b.code === UNKNOWN_BLOCKER);
}

function sameSet(a: string[], b: string[]): boolean {
    const x = new Set(a);
    const y = new Set(b);
    return x.size === y.size && [...x].every((v) => y.has(v));
}

async function listFleet(ms: MicrosoftClients, agent: Caller): Promise<Fleet> {
    try {
        const partner = await fleetPartner(ms, agent.partnerId);
        const customers: PcCustomer[] = [];
        for await (const page of ms.partnerCenter.customers()) customers.push(...page);
        return { agent, ms, partner, customers };
    } catch (err) {
        return { agent, ms, customers: [], listFailed: err instanceof Error ? err.message : String(err) };
    }
}

/** Runs `fn` over `items`, at most `concurrency` at a time. */
async function lanes<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const lane = async () => {
        while (next < items.length) await fn(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}

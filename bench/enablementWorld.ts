// A simulator world for the enablement bench: the demo world's partners and
// N clones of its happy-path customer Fabrikam (Azure plan with two
// subscriptions, a Teams Phone overage SKU bought from Contoso Telecom (1001),
// credits at zero with auto-recharge off, clean policies), each with its own
// tenant, subscription and entitlement ids. Delays are 0: Microsoft's
// asynchronous writes complete at the next read.
import * as fs from 'node:fs';
import { DEFAULT_WORLD_PATH, parseWorld } from '../simulator/world';

export const FABRIKAM_TENANT = '10000000-0000-4000-8000-000000000001';
export const CONTOSO = '1001';

/** One request autocannon sends (see enablementTargets.ts). */
export interface Target {
    method: string;
    path: string;
    body?: string;
}

export interface BenchCustomer {
    tenantId: string;
    /** The entitlement (Azure subscription) overage is enabled on: the clone of "Fabrikam Production". */
    azureEntitlementId: string;
}

/** Deterministic, unique v4-shaped GUIDs: one 4-hex-digit kind, the customer index in the last group. */
function guid(kind: number, i: number): string {
    return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

export function enablementWorld(n: number): { world: Record<string, any>; customers: BenchCustomer[] } {
    const demo = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    const fabrikam = demo.customers.find((c: { tenantId: string }) => c.tenantId === FABRIKAM_TENANT);
    if (!fabrikam) throw new Error(`the demo world ${DEFAULT_WORLD_PATH} has no customer ${FABRIKAM_TENANT} (Fabrikam)`);
    const customers: BenchCustomer[] = [];
    const clones = Array.from({ length: n }, (_, i) => {
        const c = structuredClone(fabrikam);
        const label = String(i + 1).padStart(5, '0');
        c.tenantId = guid(0xbe000001, i);
        c.name = `Fabrikam ${label}`;
        c.adminContact = `it@fabrikam-${label}.example`;
        c.scenario = 'Enablement bench: a clone of the demo happy path.';
        c.azure = {
            kind: 'plan', mcaAccepted: true,
            entitlements: [{ id: guid(0xbe000003, 2 * i), name: 'Subscription 1' }, { id: guid(0xbe000003, 2 * i + 1), name: 'Fabrikam Production' }],
        };
        c.subscriptions = c.subscriptions.map((s: Record<string, unknown>, j: number) => ({ ...s, id: guid(0xbe000002, i * 16 + j), partnerId: CONTOSO }));
        c.credits = { ...(c.credits ?? { currency: 'EUR', autoRecharge: { threshold: 10, amount: 50 } }), balance: 0, autoRecharge: { ...(c.credits?.autoRecharge ?? { threshold: 10, amount: 50 }), enabled: false } };
        c.policies = { gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: null };
        c.overage = [];
        delete c.tollFreeNumbers;
        customers.push({ tenantId: c.tenantId, azureEntitlementId: c.azure.entitlements[1].id });
        return c;
    });
    const world = {
        description: `Enablement bench: ${n} clones of Fabrikam (happy path), sold by Contoso Telecom; simulator delays 0.`,
        partners: demo.partners,
        customers: clones,
        delays: { aliasCreationMs: 0, overageUpdateMs: 0, planTransitionMs: 0 },
        faults: [],
    };
    parseWorld(world, 'the generated bench world'); // fail here, with field paths, rather than in the host
    return { world, customers };
}

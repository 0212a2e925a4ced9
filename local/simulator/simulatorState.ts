// The simulated cloud's state: the world (partners, customers) as it changes,
// subscription aliases, and operations that complete after a delay. Kept
// durably in the data dir and settled lazily: every request first applies the
// operations that came due, so no background timers are needed.
import { randomUUID } from 'node:crypto';
import { Kv } from '../../shared/embedded/kv';
import type { Customer } from '../../shared/domain/customer';
import type { Partner } from '../../shared/domain/partner';
import type { World } from './world';

export type AliasState = 'Accepted' | 'Succeeded' | 'Failed';

export interface Alias {
    name: string;
    billingScope: string;
    displayName: string;
    workload: string;
    resellerId?: string;
    tenantId: string;
    subscriptionId: string;
    provisioningState: AliasState;
}

/** Work Microsoft finishes asynchronously; `apply` runs when due. */
export type PendingOperation =
    | { kind: 'alias'; dueAt: number; alias: string }
    | { kind: 'overage'; dueAt: number; tenantId: string; setting: Customer['overage'][number] }
    | { kind: 'transition'; dueAt: number; tenantId: string };

export type TransitionStatus = 'notStarted' | 'inProgress' | 'completed';

interface Snapshot {
    world: World;
    aliases: Record<string, Alias>;
    pending: PendingOperation[];
}

const TABLE = 'sim-state';
const KEY = 'snapshot';

export class SimulatorState {
    private snapshot: Snapshot;

    constructor(private readonly kv: Kv, private readonly seed: World, private readonly now: () => number = Date.now) {
        this.snapshot = kv.get<Snapshot>(TABLE, KEY) ?? fresh(seed);
    }

    get world(): World {
        return this.snapshot.world;
    }

    /** Re-seeds from the world file, dropping every change. */
    async reset(): Promise<void> {
        this.snapshot = fresh(this.seed);
        await this.save();
    }

    partner(id: string): Partner | undefined {
        return this.world.partners.find((p) => p.id === id);
    }

    customer(tenantId: string): Customer | undefined {
        return this.world.customers.find((c) => c.tenantId.toLowerCase() === tenantId.toLowerCase());
    }

    alias(name: string): Alias | undefined {
        return this.snapshot.aliases[name];
    }

    transitionStatus(tenantId: string): TransitionStatus {
        if (this.snapshot.pending.some((p) => p.kind === 'transition' && p.tenantId === tenantId)) return 'inProgress';
        return this.customer(tenantId)?.azure.kind === 'legacy' ? 'notStarted' : 'completed';
    }

    pendingOverage(tenantId: string): boolean {
        return this.snapshot.pending.some((p) => p.kind === 'overage' && p.tenantId === tenantId);
    }

    /** Replaces one customer (already validated by the caller). */
    async replaceCustomer(customer: Customer): Promise<void> {
        this.world.customers = this.world.customers.map((c) => (c.tenantId === customer.tenantId ? customer : c));
        await this.save();
    }

    async addAlias(alias: Omit<Alias, 'subscriptionId' | 'provisioningState'>, delayMs: number): Promise<Alias> {
        const created: Alias = { ...alias, subscriptionId: randomUUID(), provisioningState: 'Accepted' };
        this.snapshot.aliases[alias.name] = created;
        this.snapshot.pending.push({ kind: 'alias', dueAt: this.now() + delayMs, alias: alias.name });
        await this.save();
        return created;
    }

    async scheduleOverage(tenantId: string, setting: Customer['overage'][number], delayMs: number): Promise<void> {
        // a newer request for the same service replaces one still in flight
        this.snapshot.pending = this.snapshot.pending.filter((p) => !(p.kind === 'overage' && p.tenantId === tenantId && p.setting.type === setting.type));
        this.snapshot.pending.push({ kind: 'overage', dueAt: this.now() + delayMs, tenantId, setting });
        await this.save();
    }

    async scheduleTransition(tenantId: string, delayMs: number): Promise<void> {
        this.snapshot.pending.push({ kind: 'transition', dueAt: this.now() + delayMs, tenantId });
        await this.save();
    }

    /** Completes every operation that came due. */
    async settle(): Promise<void> {
        const now = this.now();
        const due = this.snapshot.pending.filter((p) => p.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
        if (due.length === 0) return;
        this.snapshot.pending = this.snapshot.pending.filter((p) => p.dueAt > now);
        for (const op of due) this.complete(op);
        await this.save();
    }

    private complete(op: PendingOperation): void {
        if (op.kind === 'alias') {
            const alias = this.snapshot.aliases[op.alias];
            const customer = alias && this.customer(alias.tenantId);
            if (!alias || !customer) return;
            alias.provisioningState = 'Succeeded';
            // the first subscription of a customer without Azure comes with a (no-cost) Azure plan
            customer.azure = { ...customer.azure, kind: 'plan', entitlements: [...customer.azure.entitlements, { id: alias.subscriptionId, name: alias.displayName }] };
        } else if (op.kind === 'overage') {
            const customer = this.customer(op.tenantId);
            if (!customer) return;
            customer.overage = [...customer.overage.filter((o) => o.type !== op.setting.type), op.setting];
        } else {
            const customer = this.customer(op.tenantId);
            // the legacy subscriptions are suspended; their resources move to new subscriptions under the plan
            if (customer) customer.azure = { ...customer.azure, kind: 'plan', entitlements: customer.azure.entitlements.map((e) => ({ id: randomUUID(), name: e.name })) };
        }
    }

    private async save(): Promise<void> {
        await this.kv.commit([{ table: TABLE, key: KEY, value: this.snapshot }]);
    }
}

function fresh(world: World): Snapshot {
    return { world: structuredClone(world), aliases: {}, pending: [] };
}

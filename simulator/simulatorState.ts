// The simulated cloud's state: the world (partners, customers) as it changes,
// subscription aliases, and operations that complete after a delay. Kept
// durably in the data dir, one record per customer and per alias so a write
// costs what it changes, and settled lazily: every request first applies the
// operations that came due, so no background timers are needed.
import { randomUUID } from 'node:crypto';
import { Kv, KvOp } from '../shared/embedded/kv';
import type { Customer } from '../shared/domain/customer';
import type { Partner } from '../shared/domain/partner';
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

/** Work Microsoft finishes asynchronously; applied when due. */
export type PendingOperation =
    | { kind: 'alias'; dueAt: number; alias: string }
    | { kind: 'overage'; dueAt: number; tenantId: string; setting: Customer['overage'][number] }
    | { kind: 'transition'; dueAt: number; tenantId: string };

export type TransitionStatus = 'notStarted' | 'inProgress' | 'completed';

const T = { base: 'sim-world', customers: 'sim-customers', aliases: 'sim-aliases' } as const;
type Base = Omit<World, 'customers'> & { customerOrder: string[]; pending: PendingOperation[] };

export class SimulatorState {
    private current!: World;
    private byTenant = new Map<string, Customer>();
    private aliases = new Map<string, Alias>();
    private pending: PendingOperation[] = [];
    /** False until the seed world is on disk: the first write stores all of it. */
    private stored: boolean;

    constructor(private readonly kv: Kv, private readonly seed: World, private readonly now: () => number = Date.now) {
        const base = kv.get<Base>(T.base, 'base');
        this.stored = !!base;
        if (base) this.load(base);
        else this.use(structuredClone(seed));
    }

    get world(): World {
        return this.current;
    }

    /** Re-seeds from the world file, dropping every change. */
    async reset(): Promise<void> {
        const ops: KvOp[] = [
            ...this.kv.entries(T.customers).map(([key]) => ({ table: T.customers, key })),
            ...this.kv.entries(T.aliases).map(([key]) => ({ table: T.aliases, key })),
        ];
        this.use(structuredClone(this.seed));
        this.aliases.clear();
        this.pending = [];
        this.stored = false;
        await this.commit(ops);
    }

    partner(id: string): Partner | undefined {
        return this.current.partners.find((p) => p.id === id);
    }

    customer(tenantId: string): Customer | undefined {
        return this.byTenant.get(tenantId.toLowerCase());
    }

    alias(name: string): Alias | undefined {
        return this.aliases.get(name);
    }

    transitionStatus(tenantId: string): TransitionStatus {
        if (this.pending.some((p) => p.kind === 'transition' && p.tenantId === tenantId)) return 'inProgress';
        return this.customer(tenantId)?.azure.kind === 'legacy' ? 'notStarted' : 'completed';
    }

    /** Replaces one customer (already validated by the caller). */
    async replaceCustomer(customer: Customer): Promise<void> {
        this.current.customers = this.current.customers.map((c) => (c.tenantId === customer.tenantId ? customer : c));
        this.byTenant.set(customer.tenantId.toLowerCase(), customer);
        await this.commit(this.customerOps([customer]));
    }

    async addAlias(alias: Omit<Alias, 'subscriptionId' | 'provisioningState'>, delayMs: number): Promise<Alias> {
        const created: Alias = { ...alias, subscriptionId: randomUUID(), provisioningState: 'Accepted' };
        this.aliases.set(alias.name, created);
        this.pending.push({ kind: 'alias', dueAt: this.now() + delayMs, alias: alias.name });
        await this.commit([{ table: T.aliases, key: alias.name, value: created }, this.baseOp()]);
        return created;
    }

    async scheduleOverage(tenantId: string, setting: Customer['overage'][number], delayMs: number): Promise<void> {
        // a newer request for the same service replaces one still in flight
        this.pending = this.pending.filter((p) => !(p.kind === 'overage' && p.tenantId === tenantId && p.setting.type === setting.type));
        this.pending.push({ kind: 'overage', dueAt: this.now() + delayMs, tenantId, setting });
        await this.commit([this.baseOp()]);
    }

    async scheduleTransition(tenantId: string, delayMs: number): Promise<void> {
        this.pending.push({ kind: 'transition', dueAt: this.now() + delayMs, tenantId });
        await this.commit([this.baseOp()]);
    }

    /** Completes every operation that came due. */
    async settle(): Promise<void> {
        const now = this.now();
        const due = this.pending.filter((p) => p.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
        if (due.length === 0) return;
        this.pending = this.pending.filter((p) => p.dueAt > now);
        const ops: KvOp[] = [];
        for (const op of due) ops.push(...this.complete(op));
        await this.commit([...ops, this.baseOp()]);
    }

    private async commit(ops: KvOp[]): Promise<void> {
        // after `ops`, so a reset's deletions cannot remove what the seed writes (the values are the current ones either way)
        const seed = this.stored ? [] : [...this.customerOps(this.current.customers), this.baseOp()];
        this.stored = true;
        await this.kv.commit([...ops, ...seed]);
    }

    private complete(op: PendingOperation): KvOp[] {
        if (op.kind === 'alias') {
            const alias = this.aliases.get(op.alias);
            const customer = alias && this.customer(alias.tenantId);
            if (!alias || !customer) return [];
            alias.provisioningState = 'Succeeded';
            // the first subscription of a customer without Azure comes with a (no-cost) Azure plan
            customer.azure = { ...customer.azure, kind: 'plan', entitlements: [...customer.azure.entitlements, { id: alias.subscriptionId, name: alias.displayName }] };
            return [{ table: T.aliases, key: alias.name, value: alias }, ...this.customerOps([customer])];
        }
        const customer = this.customer(op.tenantId);
        if (!customer) return [];
        if (op.kind === 'overage') {
            customer.overage = [...customer.overage.filter((o) => o.type !== op.setting.type), op.setting];
        } else {
            // the legacy subscriptions are suspended; their resources move to new subscriptions under the plan
            customer.azure = { ...customer.azure, kind: 'plan', entitlements: customer.azure.entitlements.map((e) => ({ id: randomUUID(), name: e.name })) };
        }
        return this.customerOps([customer]);
    }

    private use(world: World): void {
        this.current = world;
        this.byTenant = new Map(world.customers.map((c) => [c.tenantId.toLowerCase(), c]));
    }

    private load(base: Base): void {
        const { customerOrder, pending, ...rest } = base;
        const customers = customerOrder.map((id) => this.kv.get<Customer>(T.customers, id)).filter((c): c is Customer => !!c);
        this.use({ ...rest, customers } as World);
        this.aliases = new Map(this.kv.entries<Alias>(T.aliases));
        this.pending = pending;
    }

    private baseOp(): KvOp {
        const { customers, ...rest } = this.current;
        return { table: T.base, key: 'base', value: { ...rest, customerOrder: customers.map((c) => c.tenantId), pending: this.pending } satisfies Base };
    }

    private customerOps(customers: Customer[]): KvOp[] {
        return customers.map((c) => ({ table: T.customers, key: c.tenantId, value: c }));
    }
}

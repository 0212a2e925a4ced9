// The simulated cloud's state: the world (partners, customers) as it changes,
// subscription aliases, and the work Microsoft finishes later (an overage
// update, a plan transition, a new subscription). Changes are made in memory
// and collected as store ops (`takeOps`), which the simulator commits in one
// step together with the write-log entry of the request that caused them.
// Due work is applied lazily, when a request arrives: no timers needed.
// Its delay is a duration, measured on real time (Date.now, which a restart
// keeps, unlike a process's monotonic clock): setting the host's clock must
// neither stall nor hurry it. Times it records (an alias's createdAt) are on
// the clock it is given.
import { randomUUID } from 'node:crypto';
import type { StoreOp, SimulatorStore } from '../store/store';
import type { Customer, OverageRecord, Partner, World } from '../world';

export type AliasState = 'Accepted' | 'Succeeded' | 'Failed';

export interface Alias {
    name: string;
    /** Aliases live in the caller's tenant: the same name under two partners is two aliases. */
    partnerId: string;
    billingScope: string;
    displayName: string;
    workload: string;
    resellerId?: string;
    tenantId: string;
    subscriptionId: string;
    provisioningState: AliasState;
    createdAt: string;
}

/** `dueAt` is real time (ms since the epoch), not the clock's. */
export type PendingOperation =
    | { kind: 'alias'; dueAt: number; key: string }
    | { kind: 'overage'; dueAt: number; tenantId: string; record: OverageRecord }
    | { kind: 'transition'; dueAt: number; tenantId: string };

export type TransitionStatus = 'notStarted' | 'inProgress' | 'completed';

const T = { world: 'world', customers: 'customers', aliases: 'aliases' } as const;
type StoredWorld = Omit<World, 'customers'> & { customerOrder: string[]; pending: PendingOperation[] };

export class CloudState {
    private current!: World;
    private byTenant = new Map<string, Customer>();
    /** Subscription id → tenant id, a hint checked on every use (customers change under it). */
    private subscriptionIndex = new Map<string, string>();
    private aliases = new Map<string, Alias>();
    private pending: PendingOperation[] = [];
    private readonly dirtyCustomers = new Set<string>();
    private readonly dirtyAliases = new Set<string>();
    private deletes: StoreOp[] = [];
    private worldDirty = false;

    constructor(private readonly store: SimulatorStore, private readonly seed: World, private readonly now: () => number = Date.now) {
        const stored = store.get<StoredWorld>(T.world, 'world');
        if (stored) this.load(stored);
        else this.use(structuredClone(seed), false);
    }

    get world(): World {
        return this.current;
    }

    partner(id: string): Partner | undefined {
        return this.current.partners.find((p) => p.id === id);
    }

    customer(tenantId: string): Customer | undefined {
        return this.byTenant.get(tenantId.toLowerCase());
    }

    customers(): Customer[] {
        return this.current.customers;
    }

    /** The customer whose Azure subscriptions (legacy ones included) hold this id. */
    customerOfSubscription(subscriptionId: string): Customer | undefined {
        const id = subscriptionId.toLowerCase();
        const holds = (c: Customer | undefined) => c?.azure.entitlements.some((e) => e.id.toLowerCase() === id) ? c : undefined;
        const known = this.subscriptionIndex.get(id);
        const hit = known === undefined ? undefined : holds(this.customer(known));
        if (hit) return hit;
        // a subscription made (or moved) since the index was built: build it again, once, from every customer
        this.subscriptionIndex = new Map(this.current.customers.flatMap((c) => c.azure.entitlements.map((e) => [e.id.toLowerCase(), c.tenantId] as const)));
        return holds(this.customer(this.subscriptionIndex.get(id) ?? ''));
    }

    alias(partnerId: string, name: string): Alias | undefined {
        return this.aliases.get(aliasKey(partnerId, name));
    }

    transitionStatus(tenantId: string): TransitionStatus {
        const c = this.customer(tenantId);
        if (this.pending.some((p) => p.kind === 'transition' && p.tenantId === c?.tenantId)) return 'inProgress';
        return c?.azure.kind === 'legacy' ? 'notStarted' : 'completed';
    }

    /** Whether some asynchronous work came due (cheap: lets reads skip the write lock). */
    hasDue(): boolean {
        const now = Date.now();
        return this.pending.some((p) => p.dueAt <= now);
    }

    /** Finishes the work that came due, oldest first. */
    settle(): void {
        const now = Date.now();
        const due = this.pending.filter((p) => p.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
        if (due.length === 0) return;
        this.pending = this.pending.filter((p) => p.dueAt > now);
        this.worldDirty = true;
        for (const op of due) this.complete(op);
    }

    /** Replaces one customer (validated by the caller). */
    replaceCustomer(customer: Customer): void {
        this.current.customers = this.current.customers.map((c) => (c.tenantId === customer.tenantId ? customer : c));
        this.byTenant.set(customer.tenantId.toLowerCase(), customer);
        this.dirtyCustomers.add(customer.tenantId);
    }

    /** How the simulated Graph pages (the world's `graph`). */
    setGraphSettings(graph: NonNullable<World['graph']>): void {
        this.current = { ...this.current, graph };
        this.worldDirty = true;
    }

    addAlias(alias: Omit<Alias, 'subscriptionId' | 'provisioningState' | 'createdAt'>, delayMs: number): Alias {
        const created: Alias = { ...alias, subscriptionId: randomUUID(), provisioningState: 'Accepted', createdAt: new Date(this.now()).toISOString() };
        const key = aliasKey(alias.partnerId, alias.name);
        this.aliases.set(key, created);
        this.dirtyAliases.add(key);
        this.pending.push({ kind: 'alias', dueAt: Date.now() + delayMs, key });
        this.worldDirty = true;
        return created;
    }

    scheduleOverage(tenantId: string, record: OverageRecord, delayMs: number): void {
        // a newer update of the same service replaces one still in flight
        this.pending = this.pending.filter((p) => !(p.kind === 'overage' && p.tenantId === tenantId && p.record.type === record.type));
        this.pending.push({ kind: 'overage', dueAt: Date.now() + delayMs, tenantId, record });
        this.worldDirty = true;
    }

    scheduleTransition(tenantId: string, delayMs: number): void {
        this.pending.push({ kind: 'transition', dueAt: Date.now() + delayMs, tenantId });
        this.worldDirty = true;
    }

    /** Back to the world file: every change and alias dropped. */
    reset(): void {
        this.deletes = [
            ...this.store.entries(T.customers).map(([key]) => ({ table: T.customers, key })),
            ...this.store.entries(T.aliases).map(([key]) => ({ table: T.aliases, key })),
        ];
        this.aliases.clear();
        this.pending = [];
        this.dirtyAliases.clear();
        this.use(structuredClone(this.seed), false);
    }

    /** The store ops for everything changed since the last call. */
    takeOps(): StoreOp[] {
        if (!this.worldDirty && this.dirtyCustomers.size === 0 && this.dirtyAliases.size === 0 && this.deletes.length === 0) return [];
        const ops: StoreOp[] = [...this.deletes];
        for (const tenantId of this.dirtyCustomers) {
            const c = this.customer(tenantId);
            if (c) ops.push({ table: T.customers, key: c.tenantId, value: c });
        }
        for (const key of this.dirtyAliases) ops.push({ table: T.aliases, key, value: this.aliases.get(key) });
        const { customers, ...rest } = this.current;
        ops.push({ table: T.world, key: 'world', value: { ...rest, customerOrder: customers.map((c) => c.tenantId), pending: this.pending } satisfies StoredWorld });
        this.deletes = [];
        this.dirtyCustomers.clear();
        this.dirtyAliases.clear();
        this.worldDirty = false;
        return ops;
    }

    private complete(op: PendingOperation): void {
        if (op.kind === 'alias') {
            const alias = this.aliases.get(op.key);
            const customer = alias && this.customer(alias.tenantId);
            if (!alias || !customer) return;
            alias.provisioningState = 'Succeeded';
            this.dirtyAliases.add(op.key);
            // a customer's first subscription comes with its (no-cost) Azure plan
            this.replaceCustomer({ ...customer, azure: { ...customer.azure, kind: 'plan', entitlements: [...customer.azure.entitlements, { id: alias.subscriptionId, name: alias.displayName }] } });
            return;
        }
        const customer = this.customer(op.tenantId);
        if (!customer) return;
        if (op.kind === 'overage') {
            this.replaceCustomer({ ...customer, overage: [...customer.overage.filter((r) => r.type !== op.record.type), op.record] });
        } else {
            // the legacy subscriptions are suspended; their resources move to new subscriptions under the plan
            this.replaceCustomer({ ...customer, azure: { ...customer.azure, kind: 'plan', entitlements: customer.azure.entitlements.map((e) => ({ id: randomUUID(), name: e.name })) } });
        }
    }

    /** `stored`: the state came from the store; otherwise the first commit writes all of it. */
    private use(world: World, stored: boolean): void {
        this.current = world;
        this.byTenant = new Map(world.customers.map((c) => [c.tenantId.toLowerCase(), c]));
        if (!stored) {
            for (const c of world.customers) this.dirtyCustomers.add(c.tenantId);
            this.worldDirty = true;
        }
    }

    private load(stored: StoredWorld): void {
        const { customerOrder, pending, ...rest } = stored;
        const customers = customerOrder.map((id) => this.store.get<Customer>(T.customers, id)).filter((c): c is Customer => !!c);
        this.use({ ...rest, customers } as World, true);
        this.aliases = new Map(this.store.entries<Alias>(T.aliases));
        this.pending = pending;
    }
}

function aliasKey(partnerId: string, name: string): string {
    return `${partnerId}/${name}`;
}

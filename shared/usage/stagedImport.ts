// One import on its way into the store. Calls are grouped per UTC day into
// batches and written as soon as a batch is full, under the import's id,
// while the import's document says `staging`; nothing is visible until
// `commit` turns that document `committed` in one write. `discard` deletes
// what was written. A repeated UsageId (in the file, or already committed
// for that day by the same supplier) is recognised and left out: another
// supplier's calls are never looked at, so one partner's rows cannot hide another's.
import { randomUUID } from 'node:crypto';
import type { UsageCall } from '../accrual/model';
import { StateNotFoundError, type StateStore, type Stored } from '../state';
import { SeenUsageIds } from './seenUsageIds';
import { utcDay } from './startTime';
import { BatchBuilder } from './usageBatch';
import {
    batchId, committedImports, ImportMode, indexMonths, readDayCalls, readImportBatches, USAGE_CONTAINERS, UsageImportCounts, UsageImportDoc,
} from './usageStore';

export interface ImportMeta {
    customerTenantId: string;
    importId: string;
    mode: ImportMode;
    channel: NonNullable<UsageImportDoc['channel']>;
    /** Whose rows these are (the importing partner, or Microsoft): repeats are looked for among this supplier's calls only. */
    source: Exclude<UsageImportDoc['source'], string>;
    /** The partner and agent that asked for it. */
    partnerId: string;
    importedBy: string;
}

/** The import was committed before (a redelivered queue message). */
export class AlreadyImportedError extends Error {}

/** Batch writes in flight at once. */
const MAX_IN_FLIGHT = 4;

/** What an import holds in memory, whatever the file's size. */
export interface ImportLimits {
    /** Calls held in unwritten batches, all days together; past it the fullest batch is written early. */
    maxOpenCalls: number;
    /** UsageIds held for recognising repeats, all days together (~100 bytes each). */
    maxSeenIds: number;
}

const LIMITS: ImportLimits = { maxOpenCalls: 10_000, maxSeenIds: 100_000 };
/** A staging import is given up for dead after this long without a sign of life. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;
/** Batches, or time, between two signs of life. */
const HEARTBEAT_BATCHES = 200;
const HEARTBEAT_MS = 5 * 60 * 1000;

export class StagedImport {
    private readonly days = new Map<string, number>();
    private readonly open = new Map<string, BatchBuilder>();
    private openCalls = 0;
    private readonly writes = new Set<Promise<void>>();
    private failure: { error: unknown } | undefined;
    private readonly seen: SeenUsageIds;
    private readonly committed = new Map<string, Promise<UsageImportDoc[]>>();
    private sinceHeartbeat = 0;

    private constructor(private readonly store: StateStore, private readonly meta: ImportMeta, private doc: Stored<UsageImportDoc>, private readonly limits: ImportLimits) {
        this.seen = new SeenUsageIds(limits.maxSeenIds);
    }

    /** Starts an import: sweeps the customer's abandoned ones, then writes this one's `staging` document. */
    static async begin(store: StateStore, meta: ImportMeta, limits: ImportLimits = LIMITS): Promise<StagedImport> {
        await sweepAbandonedImports(store, meta.customerTenantId);
        const existing = await store.read<UsageImportDoc>(USAGE_CONTAINERS.imports, meta.customerTenantId, meta.importId);
        if (existing?.status === 'committed') throw new AlreadyImportedError(`usage import ${meta.importId} was committed at ${existing.committedAt}`);
        if (existing) await deleteStaged(store, existing); // an earlier delivery of the same message died half-way
        const now = new Date().toISOString();
        const doc = await store.create<UsageImportDoc>(USAGE_CONTAINERS.imports, meta.customerTenantId, {
            id: meta.importId, customerTenantId: meta.customerTenantId, status: 'staging', channel: meta.channel, source: meta.source, mode: meta.mode,
            partnerId: meta.partnerId, importedBy: meta.importedBy, startedAt: now, updatedAt: now, months: [], days: {},
        });
        return new StagedImport(store, meta, doc, limits);
    }

    /** Takes a call, unless its UsageId was met before. */
    async add(call: UsageCall): Promise<'accepted' | 'duplicate'> {
        const day = utcDay(call.start);
        const ids = this.seen.get(day) ?? (await this.loadDay(day));
        if (ids.has(call.usageId)) return 'duplicate';
        ids.add(call.usageId);
        this.seen.grew();
        let batch = this.open.get(day);
        if (!batch) this.open.set(day, (batch = new BatchBuilder(day, Date.parse(`${day}T00:00:00Z`))));
        batch.add(call);
        this.openCalls++;
        if (batch.full) await this.flush(day);
        else if (this.openCalls > this.limits.maxOpenCalls) await this.flush(this.fullest());
        return 'accepted';
    }

    /** The months with accepted calls so far. */
    months(): string[] {
        return [...new Set([...this.days.keys(), ...this.open.keys()].map((d) => d.slice(0, 7)))].sort();
    }

    /** Writes what is left and makes the import visible, in one write of its document. */
    async commit(counts: UsageImportCounts): Promise<UsageImportDoc> {
        for (const day of [...this.open.keys()]) await this.flush(day);
        await this.drain();
        this.throwIfFailed();
        const now = new Date().toISOString();
        const months = this.months();
        await indexMonths(this.store, this.meta.customerTenantId, months, now);
        this.doc = await this.store.replace<UsageImportDoc>(USAGE_CONTAINERS.imports, this.meta.customerTenantId, {
            ...this.doc, status: 'committed', updatedAt: now, committedAt: now, months, days: Object.fromEntries(this.days), counts,
        }, { ifMatch: this.doc.etag });
        return this.doc;
    }

    /** Deletes every batch written and the import's document. */
    async discard(): Promise<void> {
        this.open.clear();
        await this.drain();
        await deleteStaged(this.store, { ...this.doc, days: Object.fromEntries(this.days) }, 0);
    }

    /** The ids already known for `day`: committed ones, and this import's own when the day was met and let go before. */
    private async loadDay(day: string): Promise<Set<string>> {
        const month = day.slice(0, 7);
        let imports = this.committed.get(month);
        if (!imports) this.committed.set(month, (imports = committedImports(this.store, this.meta.customerTenantId, month, this.meta.source)));
        const ids = new Set((await readDayCalls(this.store, this.meta.customerTenantId, day, await imports)).map((c) => c.usageId));
        const written = this.days.get(day) ?? 0;
        if (written) {
            await this.drain();
            for await (const batch of readImportBatches(this.store, this.meta.customerTenantId, { id: this.meta.importId, days: {} }, day, written)) for (const row of batch.rows) ids.add(row[0]);
        }
        for (const row of this.open.get(day)?.rows ?? []) ids.add(row[0]);
        this.seen.put(day, ids);
        return ids;
    }

    private fullest(): string {
        let best: [string, number] = ['', -1];
        for (const [day, batch] of this.open) if (batch.rows.length > best[1]) best = [day, batch.rows.length];
        return best[0];
    }

    private async flush(day: string): Promise<void> {
        const batch = this.open.get(day);
        if (!batch) return;
        this.open.delete(day);
        this.openCalls -= batch.rows.length;
        const seq = this.days.get(day) ?? 0;
        this.days.set(day, seq + 1);
        // the document names a day before its first batch exists, so a sweep can find every batch
        if (seq === 0 || ++this.sinceHeartbeat >= HEARTBEAT_BATCHES || Date.now() - Date.parse(this.doc.updatedAt) > HEARTBEAT_MS) await this.heartbeat();
        await this.write(this.store.upsert(USAGE_CONTAINERS.batches, this.meta.customerTenantId, batch.toBatch(batchId(day, this.meta.importId, seq), this.meta.importId, this.meta.source)));
    }

    private async heartbeat(): Promise<void> {
        this.sinceHeartbeat = 0;
        this.doc = await this.store.replace<UsageImportDoc>(USAGE_CONTAINERS.imports, this.meta.customerTenantId, {
            ...this.doc, updatedAt: new Date().toISOString(), months: this.months(), days: Object.fromEntries(this.days),
        }, { ifMatch: this.doc.etag });
    }

    /** Keeps at most MAX_IN_FLIGHT writes going; the first failure fails the import. */
    private async write(written: Promise<unknown>): Promise<void> {
        const settled = written.then(() => undefined, (error: unknown) => { this.failure ??= { error }; });
        this.writes.add(settled);
        void settled.then(() => this.writes.delete(settled));
        while (this.writes.size >= MAX_IN_FLIGHT) await Promise.race(this.writes);
        this.throwIfFailed();
    }

    private async drain(): Promise<void> {
        while (this.writes.size) await Promise.race(this.writes);
    }

    private throwIfFailed(): void {
        if (this.failure) throw this.failure.error;
    }
}

/**
 * Deletes a staging import's batches and document. Its day counts may lag
 * what was written (up to MAX_IN_FLIGHT writes), so each day is probed past
 * its count until that many ids in a row are missing.
 */
async function deleteStaged(store: StateStore, doc: UsageImportDoc, probe = MAX_IN_FLIGHT): Promise<void> {
    const remove = (id: string): Promise<boolean> => store.delete(USAGE_CONTAINERS.batches, doc.customerTenantId, id).then(() => true, gone);
    for (const [day, count] of Object.entries(doc.days)) {
        for (let from = 0; from < count; from += MAX_IN_FLIGHT * 2) {
            const seqs = Array.from({ length: Math.min(MAX_IN_FLIGHT * 2, count - from) }, (_, i) => from + i);
            await Promise.all(seqs.map((seq) => remove(batchId(day, doc.id, seq))));
        }
        for (let seq = count, misses = 0; misses < probe; seq++) misses = (await remove(batchId(day, doc.id, seq))) ? 0 : misses + 1;
    }
    await store.delete(USAGE_CONTAINERS.imports, doc.customerTenantId, doc.id).catch(gone);
}

function gone(err: unknown): false {
    if (!(err instanceof StateNotFoundError)) throw err;
    return false;
}

/** Cleans the customer's imports that died while staging (a crash, a lost connection before the handler could discard). */
export async function sweepAbandonedImports(store: StateStore, customerTenantId: string, now = Date.now()): Promise<number> {
    const staging = await store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: customerTenantId, where: { status: 'staging' } });
    const abandoned = staging.filter((d) => now - Date.parse(d.updatedAt) > ABANDONED_AFTER_MS);
    for (const doc of abandoned) await deleteStaged(store, doc);
    return abandoned.length;
}

/** A fresh import id. */
export function newImportId(): string {
    return `imp-${randomUUID()}`;
}

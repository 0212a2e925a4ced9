// One import on its way into the store. Calls are grouped per UTC day into
// batches and written as soon as a batch is full, under the import's id,
// while the import's document says `staging`; nothing is visible until
// `commit` turns that document `committed` in one write. `discard` deletes
// what was written.
//
// Repeats: a UsageId met before on the same day, in the file or among the
// supplier's committed calls, is left out (another supplier's calls are never
// looked at: one partner's rows cannot hide another's). Every id goes into a
// compact index of 64-bit hashes (usageIdIndex.ts), and a day's committed ids
// are hashed into it once, when the file first reaches that day, so the
// cost per row stays flat whatever the file's size or order. A row whose hash
// was met before is only a suspect (two ids may share a hash): it is written
// marked, and `settle` decides every suspect exactly, one day at a time,
// before the import commits.
import { randomUUID } from 'node:crypto';
import type { UsageCall } from '../../core/rating/ratingModel';
import { appClock, isoNow } from '../../core/clock';
import { StateNotFoundError } from '../../adapters/state/stateErrors';
import type { StateStore, Stored } from '../../adapters/state/stateStore';
import { Pacer } from './pacer';
import { utcDay } from './startTime';
import { BATCH_MAX_CALLS, BatchBuilder, SUSPECT, type EncodedCall, type UsageBatch } from './usageBatch';
import { hashUsageId, UsageIdIndex, type Hash64 } from './usageIdIndex';
import {
    batchId, committedImports, ImportMode, indexMonths, readImportBatches, USAGE_CONTAINERS, UsageImportCounts, UsageImportDoc,
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

/** What an import holds in memory besides its id index (16 to 32 bytes a call). */
export interface ImportLimits {
    /** Calls held in unwritten batches, all days together; past it the fullest batch is written early. */
    maxOpenCalls: number;
    /** UsageIds held at once while suspected repeats are settled (~100 bytes each): a day with more is settled in several passes. */
    maxExactIds: number;
    /** The (day, UsageId) hash; tests give a coarse one, so that different ids share hashes. */
    hash?: typeof hashUsageId;
}

const LIMITS: ImportLimits = { maxOpenCalls: 10_000, maxExactIds: 200_000 };
/** A staging import is given up for dead after this long without a sign of life. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;
/** Batches, or time, between two signs of life. */
const HEARTBEAT_BATCHES = 200;
const HEARTBEAT_MS = 5 * 60 * 1000;

export class StagedImport {
    /** Batches written per day. */
    private readonly days = new Map<string, number>();
    private readonly open = new Map<string, BatchBuilder>();
    private openCalls = 0;
    private readonly writes = new Set<Promise<void>>();
    private failure: { error: unknown } | undefined;
    private readonly index = new UsageIdIndex();
    private readonly hashOf: typeof hashUsageId;
    private readonly hash: Hash64 = { hi: 0, lo: 0 };
    /** Days whose committed ids are in the index, with how many calls they hold. */
    private readonly committedCalls = new Map<string, number>();
    private readonly committed = new Map<string, Promise<UsageImportDoc[]>>();
    /** This import's calls written per day, and the batches (by seq) holding suspects. */
    private readonly ownCalls = new Map<string, number>();
    private readonly suspectBatches = new Map<string, number[]>();
    /** Days the staging document names (a sweep finds a day's batches through it). */
    private readonly named = new Set<string>();
    /** Days whose calls all turned out repeats: no longer the import's (a discard still finds their batches in `days`). */
    private readonly repeatsOnly = new Set<string>();
    private taken = 0;
    private suspects = 0;
    private readonly pacer = new Pacer();
    private sinceHeartbeat = 0;

    private constructor(private readonly store: StateStore, private readonly meta: ImportMeta, private doc: Stored<UsageImportDoc>, private readonly limits: ImportLimits) {
        this.hashOf = limits.hash ?? hashUsageId;
    }

    /** Starts an import: sweeps the customer's abandoned ones, then writes this one's `staging` document. */
    static async begin(store: StateStore, meta: ImportMeta, limits: Partial<ImportLimits> = {}): Promise<StagedImport> {
        await sweepAbandonedImports(store, meta.customerTenantId);
        const existing = await store.read<UsageImportDoc>(USAGE_CONTAINERS.imports, meta.customerTenantId, meta.importId);
        if (existing?.status === 'committed') throw new AlreadyImportedError(`usage import ${meta.importId} was committed at ${existing.committedAt}`);
        if (existing) await deleteStaged(store, existing); // an earlier delivery of the same message died half-way
        const now = isoNow();
        const doc = await store.create<UsageImportDoc>(USAGE_CONTAINERS.imports, meta.customerTenantId, {
            id: meta.importId, customerTenantId: meta.customerTenantId, status: 'staging', channel: meta.channel, source: meta.source, mode: meta.mode,
            partnerId: meta.partnerId, importedBy: meta.importedBy, startedAt: now, updatedAt: now, months: [], days: {},
        });
        return new StagedImport(store, meta, doc, { ...LIMITS, ...limits });
    }

    /** Takes a call; one whose (day, UsageId) hash was met before is marked a suspect, for `settle`. */
    async add(call: UsageCall): Promise<void> {
        const day = utcDay(call.start);
        if (!this.committedCalls.has(day)) await this.indexCommitted(day);
        const suspect = !this.index.add(this.hashOf(day, call.usageId, this.hash));
        if (suspect) this.suspects++;
        else this.taken++;
        let batch = this.open.get(day);
        if (!batch) this.open.set(day, (batch = new BatchBuilder(day, Date.parse(`${day}T00:00:00Z`))));
        batch.add(call, suspect);
        this.openCalls++;
        if (batch.full) await this.flush(day);
        else if (this.openCalls > this.limits.maxOpenCalls) await this.flush(this.fullest());
    }

    /** The months with calls so far (after `settle`: with calls taken). */
    months(): string[] {
        return [...new Set([...this.days.keys(), ...this.open.keys()].filter((d) => !this.repeatsOnly.has(d)).map((d) => d.slice(0, 7)))].sort();
    }

    /**
     * Writes what is left and decides every suspect: a repeat when its UsageId
     * is among the supplier's committed calls of its day or came earlier in
     * this import, else taken. With `rewrite` (an import about to commit) the
     * batches holding suspects are written again without the repeats and the marks.
     */
    async settle(rewrite: boolean): Promise<{ accepted: number; duplicates: number }> {
        // one write of the document names every day about to get its first batch, rather than one write each
        if ([...this.open.keys()].some((day) => !this.named.has(day))) await this.heartbeat();
        for (const day of [...this.open.keys()]) await this.flush(day);
        await this.drain();
        this.throwIfFailed();
        let duplicates = 0;
        for (const [day, seqs] of this.suspectBatches) duplicates += await this.settleDay(day, seqs, rewrite);
        await this.drain();
        this.throwIfFailed();
        return { accepted: this.taken + this.suspects - duplicates, duplicates };
    }

    /** Makes the import visible, in one write of its document. Call `settle(true)` first. */
    async commit(counts: UsageImportCounts): Promise<UsageImportDoc> {
        if (this.open.size || this.writes.size) throw new Error('usage import: settle before commit');
        const now = isoNow();
        const months = this.months();
        await indexMonths(this.store, this.meta.customerTenantId, months, now);
        this.doc = await this.store.replace<UsageImportDoc>(USAGE_CONTAINERS.imports, this.meta.customerTenantId, {
            ...this.doc, status: 'committed', updatedAt: now, committedAt: now, months, days: Object.fromEntries([...this.days].filter(([d]) => !this.repeatsOnly.has(d))), counts,
        }, { ifMatch: this.doc.etag });
        return this.doc;
    }

    /** Deletes every batch written and the import's document. */
    async discard(): Promise<void> {
        this.open.clear();
        await this.drain();
        await deleteStaged(this.store, { ...this.doc, days: Object.fromEntries(this.days) }, 0);
    }

    /** Hashes the supplier's committed ids of `day` into the index (once per day, whenever the file reaches it). */
    private async indexCommitted(day: string): Promise<void> {
        let calls = 0;
        for (const imp of await this.committedOf(day)) {
            for await (const batch of readImportBatches(this.store, this.meta.customerTenantId, imp, day)) {
                for (const row of batch.rows) this.index.add(this.hashOf(day, row[0], this.hash));
                calls += batch.rows.length;
                if (this.pacer.due(batch.rows.length)) await this.pacer.pause();
            }
        }
        this.committedCalls.set(day, calls);
    }

    /** The supplier's committed imports with calls on `day`. */
    private async committedOf(day: string): Promise<UsageImportDoc[]> {
        const month = day.slice(0, 7);
        let imports = this.committed.get(month);
        if (!imports) this.committed.set(month, (imports = committedImports(this.store, this.meta.customerTenantId, month, this.meta.source)));
        return (await imports).filter((imp) => imp.days[day]);
    }

    /**
     * Decides the suspects of one day, reading the day's committed and own
     * calls in order; a day with more ids than maxExactIds is read in passes,
     * each holding the ids of one slice of the hashes. Returns the repeats.
     */
    private async settleDay(day: string, suspectSeqs: number[], rewrite: boolean): Promise<number> {
        const held = (this.committedCalls.get(day) ?? 0) + (this.ownCalls.get(day) ?? 0);
        const passes = Math.max(1, Math.ceil(held / this.limits.maxExactIds));
        const imports = await this.committedOf(day);
        const own = { id: this.meta.importId, days: Object.fromEntries(this.days) };
        const repeats = new Map<number, Uint8Array>(); // seq → 1 for each row that is a repeat
        let duplicates = 0;
        for (let pass = 0; pass < passes; pass++) {
            const inPass = (id: string) => passes === 1 || this.hashOf(day, id, this.hash).lo % passes === pass;
            const ids = new Set<string>();
            for (const imp of imports) {
                for await (const batch of readImportBatches(this.store, this.meta.customerTenantId, imp, day)) {
                    for (const row of batch.rows) if (inPass(row[0])) ids.add(row[0]);
                    if (this.pacer.due(batch.rows.length)) await this.pacer.pause();
                }
            }
            let seq = 0;
            for await (const batch of readImportBatches(this.store, this.meta.customerTenantId, own, day)) {
                batch.rows.forEach((row, r) => {
                    if (!inPass(row[0])) return;
                    if (row[8] & SUSPECT && ids.has(row[0])) {
                        let marks = repeats.get(seq);
                        if (!marks) repeats.set(seq, (marks = new Uint8Array(BATCH_MAX_CALLS)));
                        marks[r] = 1;
                        duplicates++;
                    } else {
                        ids.add(row[0]);
                    }
                });
                seq++;
                if (this.pacer.due(batch.rows.length)) await this.pacer.pause();
            }
        }
        const allRepeats = duplicates === (this.ownCalls.get(day) ?? 0);
        if (allRepeats) this.repeatsOnly.add(day);
        if (rewrite && allRepeats) {
            // nothing of the day is taken: its batches go, and the committed document will not name it
            for (let seq = 0; seq < (this.days.get(day) ?? 0); seq++) await this.write(this.store.delete(USAGE_CONTAINERS.batches, this.meta.customerTenantId, batchId(day, this.meta.importId, seq)));
        } else if (rewrite) {
            for (const seq of suspectSeqs) {
                const id = batchId(day, this.meta.importId, seq);
                const batch = await this.store.read<UsageBatch>(USAGE_CONTAINERS.batches, this.meta.customerTenantId, id);
                if (!batch) throw new Error(`usage batch ${id} of customer ${this.meta.customerTenantId} is missing`);
                const marks = repeats.get(seq);
                const rows = batch.rows.filter((_, r) => !marks?.[r]).map((row) => (row[8] & SUSPECT ? unmarked(row) : row));
                await this.write(this.store.upsert(USAGE_CONTAINERS.batches, this.meta.customerTenantId, { ...batch, rows }));
            }
        }
        return duplicates;
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
        this.ownCalls.set(day, (this.ownCalls.get(day) ?? 0) + batch.rows.length);
        if (batch.suspects) {
            const seqs = this.suspectBatches.get(day);
            if (seqs) seqs.push(seq);
            else this.suspectBatches.set(day, [seq]);
        }
        // the document names a day before its first batch exists, so a sweep can find every batch
        if (!this.named.has(day) || ++this.sinceHeartbeat >= HEARTBEAT_BATCHES || appClock.now() - Date.parse(this.doc.updatedAt) > HEARTBEAT_MS) await this.heartbeat();
        await this.write(this.store.upsert(USAGE_CONTAINERS.batches, this.meta.customerTenantId, batch.toBatch(batchId(day, this.meta.importId, seq), this.meta.importId, this.meta.source)));
    }

    /** A sign of life, naming every day written or open (an open one with 0 batches so far). */
    private async heartbeat(): Promise<void> {
        this.sinceHeartbeat = 0;
        const days = Object.fromEntries(this.days);
        for (const day of this.open.keys()) days[day] ??= 0;
        this.doc = await this.store.replace<UsageImportDoc>(USAGE_CONTAINERS.imports, this.meta.customerTenantId, {
            ...this.doc, updatedAt: isoNow(), months: this.months(), days,
        }, { ifMatch: this.doc.etag });
        for (const day of Object.keys(days)) this.named.add(day);
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

/** A settled row without its suspect mark (whatever follows the flags, Microsoft's charges, stays). */
function unmarked(row: EncodedCall): EncodedCall {
    const copy: EncodedCall = [...row];
    copy[8] = row[8] & ~SUSPECT;
    return copy;
}

function gone(err: unknown): false {
    if (!(err instanceof StateNotFoundError)) throw err;
    return false;
}

/** Cleans the customer's imports that died while staging (a crash, a lost connection before the handler could discard). */
export async function sweepAbandonedImports(store: StateStore, customerTenantId: string, now = appClock.now()): Promise<number> {
    const staging = await store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: customerTenantId, where: { status: 'staging' } });
    const abandoned = staging.filter((d) => now - Date.parse(d.updatedAt) > ABANDONED_AFTER_MS);
    for (const doc of abandoned) await deleteStaged(store, doc);
    return abandoned.length;
}

/** A fresh import id. */
export function newImportId(): string {
    return `imp-${randomUUID()}`;
}

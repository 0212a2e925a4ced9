// Where imported usage lives, and how the accrual reads it back.
//   usage-batches  partition = customer, id = `<YYYY-MM>:<DD>:<importId>:<seq>`: one day's calls of one import (usageBatch.ts)
//   usage-imports  partition = customer, id = importId: the import, `staging` while its batches are written,
//                  then `committed` in one write with the days it touched; readers see committed imports only
//   usage-months   partition = month, id = customer: who has usage in a month (written before the commit)
// Reads go through the committed imports' day lists, never through a scan of
// the batches, so a refused or abandoned import is invisible even before its
// batches are cleaned away. Every import has one supplier (its `source`: the
// partner that imported it, or Microsoft), which its batches repeat; repeats
// are recognised per supplier, so one supplier's rows never hide another's.
import type { UsageCall, UsageSource } from '../../core/rating/ratingModel';
import { partnerSource, sourceKey } from '../../core/rating/usageOwner';
import type { StateStore } from '../../adapters/state/stateStore';
import { decodeBatch, UsageBatch } from './usageBatch';
import { CONTAINERS } from '../../adapters/state/containers';
import { compareText } from '../../core/domain/primitives';

export const USAGE_CONTAINERS = {
    batches: CONTAINERS.usageBatches,
    imports: CONTAINERS.usageImports,
    months: CONTAINERS.usageMonths,
} as const;

export type ImportMode = 'all-or-nothing' | 'skip-bad-rows';

export interface UsageImportCounts {
    rowsRead: number;
    accepted: number;
    duplicates: number;
    free: number;
    badRows: number;
}

export interface UsageImportDoc {
    id: string;
    customerTenantId: string;
    status: 'staging' | 'committed';
    /** How the rows came (absent in documents written before it was kept apart from `source`): `graph` for a pull from Microsoft Graph. */
    channel?: 'csv' | 'queue' | 'graph';
    /** Who supplied the rows. Older documents hold the channel here ('csv' or 'queue'): their supplier is `partnerId` (sourceOf). */
    source: UsageSource | 'csv' | 'queue';
    mode: ImportMode;
    /** The partner and agent that asked for the import. */
    partnerId: string;
    importedBy: string;
    startedAt: string;
    /** Staging: the last sign of life (an import idle for long is swept away). */
    updatedAt: string;
    committedAt?: string;
    /** UTC months it holds calls of. */
    months: string[];
    /** UTC day → how many batches it wrote for it (staging: at least the days it touched). */
    days: Record<string, number>;
    counts?: UsageImportCounts;
}

export interface MonthIndexDoc {
    id: string;
    month: string;
    updatedAt: string;
}

export function batchId(day: string, importId: string, seq: number): string {
    return `${day.slice(0, 7)}:${day.slice(8, 10)}:${importId}:${seq}`;
}

/** Who supplied an import's rows. */
export function sourceOf(doc: Pick<UsageImportDoc, 'source' | 'partnerId'>): UsageSource {
    return typeof doc.source === 'object' && doc.source !== null ? doc.source : partnerSource(doc.partnerId);
}

/** The committed imports holding calls of `month` (of one supplier, when `source` is given), oldest commit first (the first of two copies of a call wins). */
export async function committedImports(store: StateStore, customerTenantId: string, month: string, source?: UsageSource): Promise<UsageImportDoc[]> {
    const docs = await store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: customerTenantId, where: { status: 'committed' }, contains: { months: month } });
    const mine = source === undefined ? docs : docs.filter((d) => sourceKey(sourceOf(d)) === sourceKey(source));
    return mine.sort((a, b) => compareText(a.committedAt ?? '', b.committedAt ?? '') || compareText(a.id, b.id)); // the same order on every machine and locale
}

const READ_CONCURRENCY = 8;

/** One import's batches of one day, as stored, in order (`count` of them, or the day's count in its document). */
export async function* readImportBatches(store: StateStore, customerTenantId: string, imp: Pick<UsageImportDoc, 'id' | 'days'>, day: string, count = imp.days[day] ?? 0): AsyncGenerator<UsageBatch> {
    for (let from = 0; from < count; from += READ_CONCURRENCY) {
        const seqs = Array.from({ length: Math.min(READ_CONCURRENCY, count - from) }, (_, i) => from + i);
        const batches = await Promise.all(seqs.map((seq) => store.read<UsageBatch>(USAGE_CONTAINERS.batches, customerTenantId, batchId(day, imp.id, seq))));
        for (const [i, batch] of batches.entries()) {
            if (!batch) throw new Error(`usage batch ${batchId(day, imp.id, seqs[i])} of customer ${customerTenantId} is missing`);
            yield batch;
        }
    }
}

/** One committed import's calls of one day. */
export async function readImportDay(store: StateStore, customerTenantId: string, imp: UsageImportDoc, day: string): Promise<UsageCall[]> {
    const calls: UsageCall[] = [];
    const source = sourceOf(imp);
    for await (const batch of readImportBatches(store, customerTenantId, imp, day)) for (const call of decodeBatch(batch, source)) calls.push(call);
    return calls;
}

/** The committed calls of one day, each UsageId once per supplier. */
export async function readDayCalls(store: StateStore, customerTenantId: string, day: string, imports: UsageImportDoc[]): Promise<UsageCall[]> {
    const seen = new Set<string>();
    const calls: UsageCall[] = [];
    for (const imp of imports) {
        if (!imp.days[day]) continue;
        const supplier = sourceKey(sourceOf(imp));
        for (const call of await readImportDay(store, customerTenantId, imp, day)) {
            // two imports of one supplier running at once may both have taken a call: it counts once
            const key = `${supplier}\u0000${call.usageId}`;
            if (seen.has(key)) continue;
            seen.add(key);
            calls.push(call);
        }
    }
    return calls;
}

/**
 * Every committed call of `month` (`YYYY-MM`, UTC) in Start Time order, ties
 * by UsageId, then by supplier (Microsoft's copy of a call first); one day in
 * memory at a time. Every supplier's calls: the rating decides which count.
 */
export async function* readMonthCalls(store: StateStore, customerTenantId: string, month: string): AsyncIterable<UsageCall> {
    const imports = await committedImports(store, customerTenantId, month);
    const days = [...new Set(imports.flatMap((imp) => Object.keys(imp.days).filter((d) => d.startsWith(`${month}-`))))].sort();
    for (const day of days) {
        const calls = await readDayCalls(store, customerTenantId, day, imports);
        calls.sort((a, b) => a.start - b.start || (a.usageId < b.usageId ? -1 : a.usageId > b.usageId ? 1 : 0) || compareText(sourceKey(a.source), sourceKey(b.source)));
        yield* calls;
    }
}

/** The customers with usage imported for `month`. */
export async function customersWithUsage(store: StateStore, month: string): Promise<string[]> {
    const docs = await store.query<MonthIndexDoc>(USAGE_CONTAINERS.months, { partitionKey: month });
    return docs.map((d) => d.id).sort();
}

/** Notes the customer under each month; done before an import commits, so the accrual never misses a committed one. */
export async function indexMonths(store: StateStore, customerTenantId: string, months: readonly string[], at: string): Promise<void> {
    await Promise.all(months.map((month) => store.upsert<MonthIndexDoc>(USAGE_CONTAINERS.months, month, { id: customerTenantId, month, updatedAt: at })));
}

// Where imported usage lives, and how the accrual reads it back.
//   usage-batches  partition = customer, id = `<YYYY-MM>:<DD>:<importId>:<seq>`: one day's calls of one import (usageBatch.ts)
//   usage-imports  partition = customer, id = importId: the import, `staging` while its batches are written,
//                  then `committed` in one write with the days it touched; readers see committed imports only
//   usage-months   partition = month, id = customer: who has usage in a month (written before the commit)
// Reads go through the committed imports' day lists, never through a scan of
// the batches, so a refused or abandoned import is invisible even before its
// batches are cleaned away.
import type { UsageCall } from '../accrual/model';
import type { StateStore } from '../state/stateStore';
import { decodeBatch, UsageBatch } from './usageBatch';
import { CONTAINERS } from '../state/containers';
import { compareText } from '../domain/primitives';

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
    source: 'csv' | 'queue';
    mode: ImportMode;
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

/** The committed imports holding calls of `month`, oldest commit first (the first of two copies of a call wins). */
export async function committedImports(store: StateStore, customerTenantId: string, month: string): Promise<UsageImportDoc[]> {
    const docs = await store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: customerTenantId, where: { status: 'committed' }, contains: { months: month } });
    return docs.sort((a, b) => compareText(a.committedAt ?? '', b.committedAt ?? '') || compareText(a.id, b.id)); // the same order on every machine and locale
}

const READ_CONCURRENCY = 8;

/** One import's batches of one day, `count` of them. */
export async function readImportDay(store: StateStore, customerTenantId: string, importId: string, day: string, count: number): Promise<UsageCall[]> {
    const calls: UsageCall[] = [];
    for (let from = 0; from < count; from += READ_CONCURRENCY) {
        const seqs = Array.from({ length: Math.min(READ_CONCURRENCY, count - from) }, (_, i) => from + i);
        const batches = await Promise.all(seqs.map((seq) => store.read<UsageBatch>(USAGE_CONTAINERS.batches, customerTenantId, batchId(day, importId, seq))));
        for (const [i, batch] of batches.entries()) {
            if (!batch) throw new Error(`usage batch ${batchId(day, importId, seqs[i])} of customer ${customerTenantId} is missing`);
            for (const call of decodeBatch(batch)) calls.push(call);
        }
    }
    return calls;
}

/** The committed calls of one day, each UsageId once. */
export async function readDayCalls(store: StateStore, customerTenantId: string, day: string, imports: UsageImportDoc[]): Promise<UsageCall[]> {
    const seen = new Set<string>();
    const calls: UsageCall[] = [];
    for (const imp of imports) {
        const count = imp.days[day] ?? 0;
        if (!count) continue;
        for (const call of await readImportDay(store, customerTenantId, imp.id, day, count)) {
            // two imports running at once for a customer may both have taken a call: it counts once
            if (seen.has(call.usageId)) continue;
            seen.add(call.usageId);
            calls.push(call);
        }
    }
    return calls;
}

/** Every committed call of `month` (`YYYY-MM`, UTC) in Start Time order, ties by UsageId; one day in memory at a time. */
export async function* readMonthCalls(store: StateStore, customerTenantId: string, month: string): AsyncIterable<UsageCall> {
    const imports = await committedImports(store, customerTenantId, month);
    const days = [...new Set(imports.flatMap((imp) => Object.keys(imp.days).filter((d) => d.startsWith(`${month}-`))))].sort();
    for (const day of days) {
        const calls = await readDayCalls(store, customerTenantId, day, imports);
        calls.sort((a, b) => a.start - b.start || (a.usageId < b.usageId ? -1 : a.usageId > b.usageId ? 1 : 0));
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

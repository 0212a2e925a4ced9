// The import's storage on its own (in-memory store): repeats recognised even
// for a day the importer had let go of, imports that ran at once counted once
// by readers, abandoned imports swept, a redelivered import, the batch codec.
import type { UsageCall } from '../../shared/accrual/model';
import { EmbeddedStateStore } from '../../shared/state/embeddedStateStore';
import { importUsage } from '../../shared/usage/importUsage';
import { AlreadyImportedError, ImportMeta, StagedImport, sweepAbandonedImports } from '../../shared/usage/stagedImport';
import { BatchBuilder, decodeBatch } from '../../shared/usage/usageBatch';
import { rowOfObject } from '../../shared/usage/usageColumns';
import { batchId, customersWithUsage, readMonthCalls, USAGE_CONTAINERS, UsageImportDoc } from '../../shared/usage/usageStore';
import { call } from './usageRows';

const CUSTOMER = '10000000-0000-4000-8000-0000000000aa';
let store: EmbeddedStateStore;
beforeEach(() => { store = new EmbeddedStateStore(undefined); });
afterEach(async () => { await store.close(); });

const meta = (importId: string, o: Partial<ImportMeta> = {}): ImportMeta => ({ customerTenantId: CUSTOMER, importId, mode: 'skip-bad-rows', source: 'csv', partnerId: '1001', importedBy: 'admin@contoso-telecom.example', ...o });
/** Call `id` on October `day` at `minute` past 09:00. */
const at = (id: string, day: number, minute = 0) => call(id, { 'Start Time': `2026-10-${String(day).padStart(2, '0')}T09:${String(minute).padStart(2, '0')}:00Z` });
async function* inputs(rows: Array<Record<string, string>>) {
    for (const [i, r] of rows.entries()) yield { line: i + 2, row: rowOfObject(r) };
}
async function month(m = '2026-10'): Promise<UsageCall[]> {
    const out: UsageCall[] = [];
    for await (const c of readMonthCalls(store, CUSTOMER, m)) out.push(c);
    return out;
}

test('a repeat is recognised on a day the importer had let go of (its own batches read back)', async () => {
    const days = [1, 2, 3].flatMap((d) => Array.from({ length: 40 }, (_, i) => at(`d${d}-${i}`, d, i)));
    const back = [...Array.from({ length: 10 }, (_, i) => at(`d1-${i}`, 1, i)), at('d1-new', 1, 50), at('d2-5', 2, 5)];
    const report = await importUsage(store, meta('imp-a'), inputs([...days, ...back]), { maxOpenCalls: 30, maxSeenIds: 50 });
    expect(report).toMatchObject({ rowsRead: 132, accepted: 121, duplicates: 11, committed: true });
    const calls = await month();
    expect(calls).toHaveLength(121);
    expect(calls.map((c) => c.usageId).slice(0, 3)).toEqual(['d1-0', 'd1-1', 'd1-2']);
    expect(calls.find((c) => c.usageId === 'd1-new')?.start).toBe(Date.parse('2026-10-01T09:50:00Z'));
    // the next import finds them committed
    const again = await importUsage(store, meta('imp-b'), inputs([at('d3-1', 3, 1), at('d4-1', 4, 1)]), { maxOpenCalls: 30, maxSeenIds: 50 });
    expect(again).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await customersWithUsage(store, '2026-10')).toEqual([CUSTOMER]);
});

test('two imports that ran at once and both took a call: readers see it once', async () => {
    const a = await StagedImport.begin(store, meta('imp-1'));
    const b = await StagedImport.begin(store, meta('imp-2'));
    const c = rowOfObject(at('same', 5));
    const parsed = { usageId: 'same', start: Date.parse(c['Start Time']), callType: 'user_out', tollFree: false, international: false, destination: 'DE', userLocation: 'DE', durationSeconds: 120, currency: 'EUR', capability: 'MCOPSTN1' };
    expect(await a.add(parsed)).toBe('accepted');
    expect(await b.add(parsed)).toBe('accepted');
    // nothing is visible before the commit
    expect(await month()).toEqual([]);
    await a.commit({ rowsRead: 1, accepted: 1, duplicates: 0, free: 0, badRows: 0 });
    await b.commit({ rowsRead: 1, accepted: 1, duplicates: 0, free: 0, badRows: 0 });
    expect(await month()).toEqual([parsed]);
});

test('an abandoned import is swept: its document and every batch it wrote, also those its document had not counted yet', async () => {
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
    const doc: UsageImportDoc = { id: 'imp-dead', customerTenantId: CUSTOMER, status: 'staging', source: 'csv', mode: 'all-or-nothing', partnerId: '1001', importedBy: 'x@y.example', startedAt: old, updatedAt: old, months: ['2026-10'], days: { '2026-10-01': 1 } };
    await store.create(USAGE_CONTAINERS.imports, CUSTOMER, doc);
    await store.create(USAGE_CONTAINERS.imports, CUSTOMER, { ...doc, id: 'imp-alive', updatedAt: new Date().toISOString() });
    const batch = new BatchBuilder('2026-10-01', Date.parse('2026-10-01T00:00:00Z'));
    for (const seq of [0, 1, 2, 4]) await store.create(USAGE_CONTAINERS.batches, CUSTOMER, batch.toBatch(batchId('2026-10-01', 'imp-dead', seq), 'imp-dead'));
    expect(await sweepAbandonedImports(store, CUSTOMER)).toBe(1);
    expect((await store.query(USAGE_CONTAINERS.batches, { partitionKey: CUSTOMER })).map((d) => d.id)).toEqual([]);
    expect((await store.query(USAGE_CONTAINERS.imports, { partitionKey: CUSTOMER })).map((d) => d.id)).toEqual(['imp-alive']);
});

test('the same import id again: started over while staging, refused once committed', async () => {
    const first = await StagedImport.begin(store, meta('sb-1', { source: 'queue' }));
    const rows = Array.from({ length: 2500 }, (_, i) => rowOfObject(at(`q-${i}`, 7, i % 60)));
    for (const r of rows.slice(0, 2100)) await first.add({ usageId: r.UsageId, start: Date.parse(r['Start Time']), callType: 'user_out', tollFree: false, international: false, destination: 'DE', userLocation: 'DE', durationSeconds: 1, currency: 'EUR', capability: 'MCOPSTN1' });
    // the process died here: one batch written, the document still staging
    const report = await importUsage(store, meta('sb-1', { source: 'queue', mode: 'all-or-nothing' }), inputs(rows.map((r) => ({ ...r }))));
    expect(report).toMatchObject({ accepted: 2500, duplicates: 0, committed: true });
    expect(await month()).toHaveLength(2500);
    await expect(StagedImport.begin(store, meta('sb-1', { source: 'queue' }))).rejects.toBeInstanceOf(AlreadyImportedError);
});

test('the batch codec keeps every field, nulls and flags included', () => {
    const calls: UsageCall[] = [
        { usageId: 'a', start: Date.parse('2026-10-01T00:00:00.123Z'), callType: 'user_out', tollFree: false, international: true, destination: 'GB', userLocation: 'DE', durationSeconds: 61, currency: 'EUR', capability: 'MCOPSTN2' },
        { usageId: 'b', start: Date.parse('2026-10-01T23:59:59Z'), callType: 'user_in', tollFree: true, international: null, destination: null, userLocation: 'US', durationSeconds: 0, currency: 'USD', capability: 'MCOPSTN1' },
        { usageId: 'c', start: Date.parse('2026-10-01T12:00:00Z'), callType: 'conf_out', tollFree: false, international: false, destination: 'DE', userLocation: null, durationSeconds: 3600, currency: 'EUR', capability: 'MCOMEETADD' },
    ];
    const builder = new BatchBuilder('2026-10-01', Date.parse('2026-10-01T00:00:00Z'));
    for (const c of calls) builder.add(c);
    const batch = JSON.parse(JSON.stringify(builder.toBatch('x', 'imp')));
    expect(decodeBatch(batch)).toEqual(calls);
    expect(batch.dict).toEqual(['user_out', 'MCOPSTN2', 'EUR', 'GB', 'DE', 'user_in', 'MCOPSTN1', 'USD', 'US', 'conf_out', 'MCOMEETADD']);
});

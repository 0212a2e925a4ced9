// The import's storage on its own (in-memory store, limits lowered): repeats
// recognised however far apart, in any order, in a file or month larger than
// the ids held at once, and never two different ids merged, even when every
// id shares a hash; one supplier's rows never taken for another's repeats;
// imports that ran at once counted once by readers; older documents without
// a supplier; abandoned imports swept; a redelivered import; the batch codec.
import type { SettingInForce, UsageCall, UsageSource } from '../../shared/core/rating/ratingModel';
import { partnerSource } from '../../shared/core/rating/usageOwner';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import { UsageOwnership } from '../../shared/features/usage/importOwnership';
import { importUsage } from '../../shared/features/usage/importUsage';
import { AlreadyImportedError, ImportLimits, ImportMeta, StagedImport, sweepAbandonedImports } from '../../shared/features/usage/stagedImport';
import { BatchBuilder, decodeBatch, UsageBatch } from '../../shared/features/usage/usageBatch';
import { rowOfObject } from '../../shared/features/usage/usageColumns';
import type { Hash64 } from '../../shared/features/usage/usageIdIndex';
import { batchId, customersWithUsage, readMonthCalls, USAGE_CONTAINERS, UsageImportDoc } from '../../shared/features/usage/usageStore';
import { call } from './usageRows';

const CUSTOMER = '10000000-0000-4000-8000-0000000000aa';
const CONTOSO = partnerSource('1001');
const LITWARE = partnerSource('1002');
let store: EmbeddedStateStore;
beforeEach(() => { store = new EmbeddedStateStore(undefined); });
afterEach(async () => { await store.close(); });

const meta = (importId: string, o: Partial<ImportMeta> = {}): ImportMeta => ({ customerTenantId: CUSTOMER, importId, mode: 'skip-bad-rows', channel: 'csv', source: CONTOSO, partnerId: '1001', importedBy: 'admin@contoso-telecom.example', ...o });
/** Both partners may supply every call here: these tests are about repeats, not owners (see test/accrual/usageOwner.test.ts). */
const anyone = (partnerId: string) => new UsageOwnership([{ from: -Infinity, overageEnabled: true, partnerId, azureEntitlementId: 'sub' } satisfies SettingInForce], partnerId);
const run = (m: ImportMeta, rows: Array<Record<string, string>>, limits: Partial<ImportLimits> = {}) =>
    importUsage(store, m, inputs(rows), { ownership: m.source.kind === 'partner' ? anyone(m.source.partnerId) : undefined, limits });
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
const ids = (calls: UsageCall[]) => calls.map((c) => c.usageId);
/** A scrambled order that keeps coming back to every day (a bijection of 0..n-1). */
const scrambled = <T>(xs: T[]): T[] => xs.map((_, i) => xs[(i * 37) % xs.length]);
/** A hash that gives most different ids the same value: every repeat check has to be settled exactly. */
const coarse = (_day: string, id: string, out: Hash64): Hash64 => Object.assign(out, { hi: 0, lo: id.length % 3 });

test('repeats are recognised however far apart, out of time order, in a file larger than the ids held at once', async () => {
    const days = [1, 2, 3].flatMap((d) => Array.from({ length: 40 }, (_, i) => at(`d${d}-${i}`, d, i)));
    const back = [...Array.from({ length: 10 }, (_, i) => at(`d1-${i}`, 1, i)), at('d1-new', 1, 50), at('d2-5', 2, 5)];
    const limits = { maxOpenCalls: 30, maxExactIds: 50 };
    const report = await run(meta('imp-a'), [...scrambled(days), ...back], limits);
    expect(report).toMatchObject({ rowsRead: 132, accepted: 121, duplicates: 11, committed: true });
    const calls = await month();
    expect(calls).toHaveLength(121);
    expect(new Set(ids(calls)).size).toBe(121);
    expect(ids(calls).slice(0, 3)).toEqual(['d1-0', 'd1-1', 'd1-2']);
    expect(calls.find((c) => c.usageId === 'd1-new')).toMatchObject({ start: Date.parse('2026-10-01T09:50:00Z'), source: CONTOSO });
    // no batch keeps the mark of a settled suspect
    const batches = await store.query<UsageBatch>(USAGE_CONTAINERS.batches, { partitionKey: CUSTOMER });
    expect(batches.flatMap((b) => b.rows).filter((r) => r[8] & 8)).toEqual([]);

    // a month already holding them: the next import finds them committed, days long passed in its file included
    const again = await run(meta('imp-b'), [at('d3-1', 3, 1), at('d4-1', 4, 1), ...scrambled(days).slice(0, 60), at('d1-new', 1, 50)], limits);
    expect(again).toMatchObject({ accepted: 1, duplicates: 62 });
    expect(await month()).toHaveLength(122);
    // a file of repeats only: nothing taken, no month, and nothing of it left in the store
    const repeats = await run(meta('imp-c'), scrambled(days).slice(0, 30), limits);
    expect(repeats).toMatchObject({ accepted: 0, duplicates: 30, months: [], committed: true });
    expect(await store.read<UsageImportDoc>(USAGE_CONTAINERS.imports, CUSTOMER, 'imp-c')).toMatchObject({ months: [], days: {} });
    expect((await store.query<UsageBatch>(USAGE_CONTAINERS.batches, { partitionKey: CUSTOMER })).filter((b) => b.importId === 'imp-c')).toEqual([]);
    expect(await customersWithUsage(store, '2026-10')).toEqual([CUSTOMER]);
});

test('two different ids are never merged, even when nearly all share a hash; true repeats among them are still found', async () => {
    const distinct = Array.from({ length: 200 }, (_, i) => at(`c-${i}`, 1 + (i % 3), i % 60));
    const repeats = scrambled(distinct).slice(0, 20);
    const limits = { maxOpenCalls: 25, maxExactIds: 40, hash: coarse };
    const first = await run(meta('imp-c1'), [...scrambled(distinct), ...repeats], limits);
    expect(first).toMatchObject({ accepted: 200, duplicates: 20, committed: true });
    expect(ids(await month()).sort()).toEqual(distinct.map((r) => r.UsageId).sort());

    const next = Array.from({ length: 50 }, (_, i) => at(`n-${i}`, 2, i));
    const second = await run(meta('imp-c2'), [...next, ...distinct.slice(0, 50)], limits);
    expect(second).toMatchObject({ accepted: 50, duplicates: 50 });
    expect(await month()).toHaveLength(250);
});

test('a refused import counts its repeats exactly and leaves nothing behind', async () => {
    const rows = [at('r-1', 1), at('r-2', 1, 1), at('r-1', 1), { ...at('r-3', 1, 2), 'Start Time': 'yesterday' }];
    const report = await run(meta('imp-r', { mode: 'all-or-nothing' }), rows, { hash: coarse });
    expect(report).toMatchObject({ accepted: 2, duplicates: 1, badRows: 1, committed: false });
    expect(await store.query(USAGE_CONTAINERS.batches, { partitionKey: CUSTOMER })).toEqual([]);
    expect(await month()).toEqual([]);
});

test('one partner\'s rows are never taken for another\'s repeats; readers keep each supplier\'s copy, Microsoft\'s first', async () => {
    const rows = [at('shared-1', 5), at('shared-2', 5, 1)];
    expect(await run(meta('imp-contoso'), rows)).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await run(meta('imp-litware', { source: LITWARE, partnerId: '1002' }), [...rows, at('shared-1', 5)])).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await run(meta('imp-graph', { source: { kind: 'microsoft' }, partnerId: '1001' }), rows.slice(0, 1))).toMatchObject({ accepted: 1, duplicates: 0 });
    const calls = await month();
    expect(calls.map((c) => [c.usageId, c.source])).toEqual([
        ['shared-1', { kind: 'microsoft' }], ['shared-1', CONTOSO], ['shared-1', LITWARE], ['shared-2', CONTOSO], ['shared-2', LITWARE],
    ]);
});

test('a partner\'s rows need its ownership periods', async () => {
    await expect(importUsage(store, meta('imp-x'), inputs([at('x', 1)]))).rejects.toThrow(/ownership/);
    await expect(importUsage(store, meta('imp-y'), inputs([at('x', 1)]), { ownership: anyone('1002') })).rejects.toThrow(/ownership/);
});

test('two imports that ran at once and both took a call: readers see it once', async () => {
    const a = await StagedImport.begin(store, meta('imp-1'));
    const b = await StagedImport.begin(store, meta('imp-2'));
    const c = rowOfObject(at('same', 5));
    const parsed = { usageId: 'same', start: Date.parse(c['Start Time']), callType: 'user_out', tollFree: false, international: false, destination: 'DE', userLocation: 'DE', durationSeconds: 120, currency: 'EUR', capability: 'MCOPSTN1' };
    await a.add(parsed);
    await b.add(parsed);
    // nothing is visible before the commit
    expect(await month()).toEqual([]);
    for (const imp of [a, b]) {
        expect(await imp.settle(true)).toEqual({ accepted: 1, duplicates: 0 });
        await imp.commit({ rowsRead: 1, accepted: 1, duplicates: 0, free: 0, badRows: 0 });
    }
    expect(await month()).toEqual([{ ...parsed, source: CONTOSO }]);
});

test('documents and batches written before the supplier was kept: their rows are the importing partner\'s', async () => {
    const legacy = { id: 'imp-old', customerTenantId: CUSTOMER, status: 'committed', source: 'csv', mode: 'all-or-nothing', partnerId: '1002', importedBy: 'x@y.example', startedAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', committedAt: '2026-11-01T00:00:00Z', months: ['2026-10'], days: { '2026-10-03': 1 } } as UsageImportDoc;
    await store.create(USAGE_CONTAINERS.imports, CUSTOMER, legacy);
    const builder = new BatchBuilder('2026-10-03', Date.parse('2026-10-03T00:00:00Z'));
    builder.add({ usageId: 'old-1', start: Date.parse('2026-10-03T08:00:00Z'), callType: 'user_out', tollFree: false, international: false, destination: 'DE', userLocation: 'DE', durationSeconds: 60, currency: 'EUR', capability: 'MCOPSTN1' });
    const { source: _none, ...withoutSource } = builder.toBatch(batchId('2026-10-03', 'imp-old', 0), 'imp-old', LITWARE);
    await store.create(USAGE_CONTAINERS.batches, CUSTOMER, withoutSource);
    expect((await month()).map((c) => [c.usageId, c.source])).toEqual([['old-1', LITWARE]]);
    // and they are that partner's repeats, not another's
    expect(await run(meta('imp-l', { source: LITWARE, partnerId: '1002' }), [{ ...at('old-1', 3), 'Start Time': '2026-10-03T08:00:00Z' }])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await run(meta('imp-c'), [{ ...at('old-1', 3), 'Start Time': '2026-10-03T08:00:00Z' }])).toMatchObject({ accepted: 1, duplicates: 0 });
});

test('an abandoned import is swept: its document and every batch it wrote, also those its document had not counted yet', async () => {
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
    const doc: UsageImportDoc = { id: 'imp-dead', customerTenantId: CUSTOMER, status: 'staging', channel: 'csv', source: CONTOSO, mode: 'all-or-nothing', partnerId: '1001', importedBy: 'x@y.example', startedAt: old, updatedAt: old, months: ['2026-10'], days: { '2026-10-01': 1 } };
    await store.create(USAGE_CONTAINERS.imports, CUSTOMER, doc);
    await store.create(USAGE_CONTAINERS.imports, CUSTOMER, { ...doc, id: 'imp-alive', updatedAt: new Date().toISOString() });
    const batch = new BatchBuilder('2026-10-01', Date.parse('2026-10-01T00:00:00Z'));
    for (const seq of [0, 1, 2, 4]) await store.create(USAGE_CONTAINERS.batches, CUSTOMER, batch.toBatch(batchId('2026-10-01', 'imp-dead', seq), 'imp-dead', CONTOSO));
    expect(await sweepAbandonedImports(store, CUSTOMER)).toBe(1);
    expect((await store.query(USAGE_CONTAINERS.batches, { partitionKey: CUSTOMER })).map((d) => d.id)).toEqual([]);
    expect((await store.query(USAGE_CONTAINERS.imports, { partitionKey: CUSTOMER })).map((d) => d.id)).toEqual(['imp-alive']);
});

test('the same import id again: started over while staging, refused once committed', async () => {
    const first = await StagedImport.begin(store, meta('sb-1', { channel: 'queue' }));
    const rows = Array.from({ length: 2500 }, (_, i) => rowOfObject(at(`q-${i}`, 7, i % 60)));
    for (const r of rows.slice(0, 2100)) await first.add({ usageId: r.UsageId, start: Date.parse(r['Start Time']), callType: 'user_out', tollFree: false, international: false, destination: 'DE', userLocation: 'DE', durationSeconds: 1, currency: 'EUR', capability: 'MCOPSTN1' });
    // the process died here: one batch written, the document still staging
    const report = await run(meta('sb-1', { channel: 'queue', mode: 'all-or-nothing' }), rows.map((r) => ({ ...r })));
    expect(report).toMatchObject({ accepted: 2500, duplicates: 0, committed: true });
    expect(await month()).toHaveLength(2500);
    await expect(StagedImport.begin(store, meta('sb-1', { channel: 'queue' }))).rejects.toBeInstanceOf(AlreadyImportedError);
});

test('the batch codec keeps every field, nulls, flags and the supplier included', () => {
    const calls: UsageCall[] = [
        { usageId: 'a', start: Date.parse('2026-10-01T00:00:00.123Z'), callType: 'user_out', tollFree: false, international: true, destination: 'GB', userLocation: 'DE', durationSeconds: 61, currency: 'EUR', capability: 'MCOPSTN2' },
        { usageId: 'b', start: Date.parse('2026-10-01T23:59:59Z'), callType: 'user_in', tollFree: true, international: null, destination: null, userLocation: 'US', durationSeconds: 0, currency: 'USD', capability: 'MCOPSTN1' },
        { usageId: 'c', start: Date.parse('2026-10-01T12:00:00Z'), callType: 'conf_out', tollFree: false, international: false, destination: 'DE', userLocation: null, durationSeconds: 3600, currency: 'EUR', capability: 'MCOMEETADD' },
        // Microsoft's own charges, when its record gave them (a call of Graph's), null where it gave none
        { usageId: 'd', start: Date.parse('2026-10-01T13:00:00Z'), callType: 'user_out', tollFree: false, international: false, destination: 'DE', userLocation: 'DE', durationSeconds: 60, currency: 'EUR', capability: 'MCOPSTN1', charges: { charge: '0.0219', connectionCharge: null } },
    ];
    const builder = new BatchBuilder('2026-10-01', Date.parse('2026-10-01T00:00:00Z'));
    for (const c of calls) builder.add(c);
    const source: UsageSource = { kind: 'microsoft' };
    const batch = JSON.parse(JSON.stringify(builder.toBatch('x', 'imp', source)));
    expect(decodeBatch(batch)).toEqual(calls.map((c) => ({ ...c, source })));
    expect(batch.dict).toEqual(['user_out', 'MCOPSTN2', 'EUR', 'GB', 'DE', 'user_in', 'MCOPSTN1', 'USD', 'US', 'conf_out', 'MCOMEETADD']);
    expect(batch.rows.map((r: unknown[]) => r.length)).toEqual([9, 9, 9, 11]);
});

test("Microsoft's charges stay with their calls through staging, and through the rewrite that settles suspected repeats", async () => {
    const graphRow = (id: string, minute: number, charge: string | null) => ({ line: minute, row: rowOfObject(at(id, 7, minute)), charges: { charge, connectionCharge: '0.01' } });
    async function* rows(list: Array<ReturnType<typeof graphRow>>) { yield* list; }
    const microsoft = meta('imp-g1', { channel: 'graph', source: { kind: 'microsoft' }, mode: 'all-or-nothing' });
    await importUsage(store, microsoft, rows([graphRow('g1', 1, '0.03'), graphRow('g22', 2, '0.5')]), { limits: { hash: coarse } });
    // every id below shares a hash with one committed above: each is a suspect, settled, and its batch written again
    const again = await importUsage(store, { ...microsoft, importId: 'imp-g2' }, rows([graphRow('g1', 1, '0.03'), graphRow('g4', 3, '1.25'), graphRow('g55', 4, null)]), { limits: { hash: coarse } });
    expect(again).toMatchObject({ accepted: 2, duplicates: 1, committed: true });
    expect((await month()).map((c) => [c.usageId, c.charges])).toEqual([
        ['g1', { charge: '0.03', connectionCharge: '0.01' }], ['g22', { charge: '0.5', connectionCharge: '0.01' }],
        ['g4', { charge: '1.25', connectionCharge: '0.01' }], ['g55', { charge: null, connectionCharge: '0.01' }],
    ]);
});

test("an upload's Charge and Connection Fee stay with their calls, repeats settled on the way", async () => {
    const days = [1, 2].flatMap((d) => Array.from({ length: 40 }, (_, i) => ({ ...at(`d${d}-${i}`, d, i), 'Charge': `0.${String(i + 1).padStart(4, '0')}`, 'Connection Fee': d === 2 ? '0.01' : '' })));
    // a hash most ids share: nearly every row is a suspect, and those that are no repeat are written again without their mark
    const report = await run(meta('imp-charged'), [...scrambled(days), ...days.slice(0, 5)], { maxOpenCalls: 30, maxExactIds: 50, hash: coarse });
    expect(report).toMatchObject({ accepted: 80, duplicates: 5, committed: true });
    const calls = await month();
    expect(calls).toHaveLength(80);
    expect(calls.find((c) => c.usageId === 'd1-9')?.charges).toEqual({ charge: '0.001', connectionCharge: null });
    expect(calls.find((c) => c.usageId === 'd2-39')?.charges).toEqual({ charge: '0.004', connectionCharge: '0.01' });
    expect(calls.every((c) => c.charges !== undefined)).toBe(true);
});

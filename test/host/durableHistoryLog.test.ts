// The history log's reads while commits are still on their way: the engine
// commits without waiting, so a read must add the events not yet stored,
// once each, whether their commit has landed or not. And its rows as LMDB
// keeps them: read back whatever the length of the instance's id.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { event, EventType, HistoryEvent } from '../../local/durable/history';
import { historyKey, HistoryLog, HISTORY_TABLE } from '../../local/durable/historyLog';
import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { tempDir } from '../helpers/testHost';

const at = new Date('2025-01-01T00:00:00Z');
const step = (id: number): HistoryEvent[] => [event(EventType.OrchestratorStarted, at), event(EventType.TaskScheduled, at, { EventId: id, Name: 'a' }), event(EventType.OrchestratorCompleted, at)];

test('a read gives stored rows then unflushed events, in order and once, before and after each commit lands', async () => {
    const kv = openKv(undefined);
    const log = new HistoryLog(kv);
    const first = log.append('i', 'e1', 0, step(0));
    const second = log.append('i', 'e1', 3, step(1));
    const all = [...step(0), ...step(1)].map((e) => e.EventId);
    expect(log.read('i', 'e1', 6).map((e) => e.EventId)).toEqual(all); // nothing stored yet
    await kv.commit(first);
    expect(log.read('i', 'e1', 6).map((e) => e.EventId)).toEqual(all); // stored, not yet known as landed
    log.landed('i', 'e1', 3);
    await kv.commit(second);
    expect(log.read('i', 'e1', 6).map((e) => e.EventId)).toEqual(all);
    log.landed('i', 'e1', 6);
    expect(log.read('i', 'e1', 6).map((e) => e.EventId)).toEqual(all);
    expect(kv.entries(HISTORY_TABLE).map(([k]) => k)).toEqual([0, 1, 2, 3, 4, 5].map((seq) => historyKey('i', 'e1', seq)));
});

test('another execution or instance never shows, and a read that finds fewer events than the state counts fails loudly', async () => {
    const kv = openKv(undefined);
    const log = new HistoryLog(kv);
    await kv.commit([...log.append('i', 'e1', 0, step(0)), ...log.append('i2', 'e1', 0, step(0)), ...log.append('i', 'e2', 0, step(7))]);
    expect(log.read('i', 'e2', 3).map((e) => e.EventId)).toEqual([-1, 7, -1]);
    expect(() => log.read('i', 'e2', 4)).toThrow(/has 3 events where its state counts 4/);
});

test('remove deletes an execution\'s rows and forgets its unflushed events', async () => {
    const kv = openKv(undefined);
    const log = new HistoryLog(kv);
    await kv.commit(log.append('i', 'e1', 0, step(0)));
    log.append('i', 'e1', 3, step(1));
    const ops = log.remove('i', 'e1', 6);
    expect(ops.every((op) => op.value === undefined)).toBe(true);
    await kv.commit(ops);
    expect(kv.entries(HISTORY_TABLE)).toEqual([]);
    expect(log.read('i', 'e1', 0)).toEqual([]);
});

// LMDB writes a key holding U+0000 one way below 64 characters and another from
// 64 on: an id of 16 to 25 characters (the daily usage pull's 'usagePull-2026-11-20')
// gives rows of 64 characters and more under a prefix of less. Every length must read.
test('on LMDB, an execution\'s rows read back whatever the length of its instance id, and no other instance\'s show', async () => {
    const dir = tempDir('too-history-log-');
    const kv = openKv(dir);
    try {
        const executionId = randomUUID();
        const ids = Array.from({ length: 40 }, (_, n) => 'u'.repeat(n + 1)); // each a prefix of the next
        const writer = new HistoryLog(kv);
        await kv.commit(ids.flatMap((id, n) => writer.append(id, executionId, 0, step(n))));
        const fresh = new HistoryLog(kv); // nothing unflushed: only the rows answer
        const unread = ids.filter((id, n) => !sameEvents(() => fresh.read(id, executionId, 3), step(n)));
        expect(unread).toEqual([]);
    } finally {
        await kv.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

function sameEvents(read: () => HistoryEvent[], expected: HistoryEvent[]): boolean {
    try {
        return JSON.stringify(read()) === JSON.stringify(expected);
    } catch {
        return false;
    }
}

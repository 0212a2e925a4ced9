// The embedded store's keys as its callers see them. LMDB's key encoding
// writes a string holding U+0000 escaped below 64 characters and raw from 64
// on, and reads a raw one back as an array of its parts; the durable engine
// keys history rows and timers with U+0000 separators, so `entries` must give
// back the very string written, on both backings, whatever its length.
import * as fs from 'node:fs';
import { openKv } from '../../shared/adapters/embedded/embeddedKv';
import { tempDir } from '../helpers/testHost';

const KEYS = [
    'plain',
    'short\u0000with\u0000separators',
    // 64 characters and more: the length from which LMDB writes the separators raw
    `${'i'.repeat(20)}\u00004e58ca2a-61e2-45e7-937d-a75ccb58d377\u00000000000012`,
    `${'j'.repeat(70)}\u0000x`,
];

describe.each(['memory', 'lmdb'])('the %s store', (backing) => {
    let dir: string | undefined;
    beforeEach(() => { dir = backing === 'lmdb' ? tempDir('too-kv-') : undefined; });
    afterEach(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

    test('entries give back every key as it was written, short or long, separators included', async () => {
        const kv = openKv(dir);
        try {
            await kv.commit(KEYS.map((key, i) => ({ table: 't', key, value: i })));
            const read = kv.entries<number>('t');
            expect(read.map(([k]) => typeof k)).toEqual(KEYS.map(() => 'string'));
            expect(read.map(([k, v]) => [k, KEYS[v]])).toEqual(read.map(([k]) => [k, k]));
            expect(read.map(([k]) => k).sort()).toEqual([...KEYS].sort());
        } finally {
            await kv.close();
        }
    });

    test('a key read back from entries deletes its row', async () => {
        const kv = openKv(dir);
        try {
            await kv.commit(KEYS.map((key) => ({ table: 't', key, value: true })));
            await kv.commit(kv.entries('t').map(([key]) => ({ table: 't', key })));
            expect(kv.entries('t')).toEqual([]);
        } finally {
            await kv.close();
        }
    });
});

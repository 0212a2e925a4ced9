// The queues over LMDB: everything acknowledged survives a reopen, and a real SIGKILL.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kv, openKv } from '../../shared/adapters/embedded/embeddedKv';
import { EmbeddedQueues, EmbeddedQueuesOptions } from '../../local/servicebus/embeddedQueues';

const T0 = Date.parse('2024-01-01T00:00:00Z');

describe('EmbeddedQueues persistence', () => {
    let dir: string;
    const open: Kv[] = [];

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-queues-'));
    });
    afterEach(async () => {
        await Promise.all(open.splice(0).map((kv) => kv.close()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function start(now: number, options: Omit<EmbeddedQueuesOptions, 'clock'> = {}): EmbeddedQueues {
        const kv = openKv(dir);
        open.push(kv);
        return new EmbeddedQueues(kv, { ...options, clock: { now: () => now } });
    }

    async function restart(now: number, options: Omit<EmbeddedQueuesOptions, 'clock'> = {}): Promise<EmbeddedQueues> {
        await Promise.all(open.splice(0).map((kv) => kv.close()));
        return start(now, options);
    }

    it('keeps messages, dead letters and sequence numbers across a reopen; locked messages come back counted', async () => {
        const before = start(T0);
        const at = new Date('2024-01-01T00:10:00Z');
        await before.send('q', [
            { body: { n: 1 }, messageId: 'locked', applicationProperties: { when: at, ok: true } },
            { body: Buffer.from('bytes'), messageId: 'completed' },
            { body: 'dead', messageId: 'dead' },
            { body: 'waiting', messageId: 'waiting' },
            { body: 'later', messageId: 'scheduled', scheduledEnqueueTimeUtc: at },
        ]);
        const locked = await before.receive('q');
        const completed = await before.receive('q');
        const dead = await before.receive('q');
        await before.complete(completed!.lockToken);
        await before.deadLetter(dead!.lockToken, { deadLetterReason: 'Bad', deadLetterErrorDescription: 'why' });
        expect(locked!.messageId).toBe('locked');

        const after = await restart(T0 + 1000);
        expect(after.counts('q')).toEqual({ active: 2, scheduled: 1, locked: 0, deadLetter: 1 });
        expect(after.listDeadLetters('q')).toEqual([
            expect.objectContaining({ messageId: 'dead', deadLetterReason: 'Bad', deadLetterErrorDescription: 'why', deliveryCount: 1 }),
        ]);
        // the lock died with the process; the delivery it made still counts
        expect(await after.receive('q')).toMatchObject({
            messageId: 'locked',
            deliveryCount: 2,
            body: { n: 1 },
            applicationProperties: { when: at, ok: true },
            enqueuedTimeUtc: new Date(T0),
        });
        expect(await after.receive('q')).toMatchObject({ messageId: 'waiting', deliveryCount: 1 });
        expect(await after.receive('q')).toBeUndefined();
        expect(after.nextVisibleIn('q')).toEqual(expect.any(Number));
        // sequence numbers continue past every message ever sent, not only the ones still stored
        expect(await after.send('q', { body: 'new' })).toEqual([6]);
    });

    it('dead-letters, after a restart, a message that was on its last allowed delivery when the host died', async () => {
        const before = start(T0, { maxDeliveryCount: 1 });
        await before.send('q', { body: 'fatal', messageId: 'f' });
        await before.receive('q');

        const after = await restart(T0 + 1000, { maxDeliveryCount: 1 });
        expect(await after.receive('q')).toBeUndefined();
        expect(after.listDeadLetters('q')).toEqual([expect.objectContaining({ messageId: 'f', deadLetterReason: 'MaxDeliveryCountExceeded' })]);
        // ...and that move is durable too
        const again = await restart(T0 + 2000, { maxDeliveryCount: 1 });
        expect(again.counts('q')).toEqual({ active: 0, scheduled: 0, locked: 0, deadLetter: 1 });
    });

    it('loses nothing acknowledged when the process is killed with SIGKILL', async () => {
        // A child process sends, locks and completes, reports "ready" after the acknowledgements, and is killed.
        const script = `
            const fs = require('node:fs');
            const ts = require('typescript');
            require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, file);
            const { openKv } = require(${JSON.stringify(path.resolve(__dirname, '../../shared/adapters/embedded/embeddedKv.ts'))});
            const { EmbeddedQueues } = require(${JSON.stringify(path.resolve(__dirname, '../../local/servicebus/embeddedQueues.ts'))});
            (async () => {
                const queues = new EmbeddedQueues(openKv(process.argv[1]));
                await queues.send('q', [{ body: 'a', messageId: 'a' }, { body: 'b', messageId: 'b' }, { body: 'c', messageId: 'c' }]);
                const a = await queues.receive('q');
                await queues.complete(a.lockToken);
                await queues.receive('q');
                process.stdout.write('ready\\n');
                setInterval(() => {}, 1000);
            })();
        `;
        const child = spawn(process.execPath, ['-e', script, dir], { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve, reject) => {
            child.stdout.on('data', (chunk: Buffer) => {
                if (chunk.toString().includes('ready')) child.kill('SIGKILL');
            });
            child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited without being killed (${signal})`))));
        });

        const after = start(Date.now());
        expect(after.counts('q')).toEqual({ active: 2, scheduled: 0, locked: 0, deadLetter: 0 });
        expect(await after.receive('q')).toMatchObject({ messageId: 'b', deliveryCount: 2 });
        expect(await after.receive('q')).toMatchObject({ messageId: 'c', deliveryCount: 1 });
    });
});

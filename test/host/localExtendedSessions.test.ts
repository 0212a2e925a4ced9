// The local host's extended sessions are its own mode, switched by its own
// setting (LOCAL_EXTENDED_SESSIONS, on unless turned off), not by host.json:
// in Azure the Durable extension supports extendedSessionsEnabled only for
// .NET, so host.json must not carry it and the local host refuses it there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readHostJson } from '../../local/config/hostJson';
import { knobs } from '../apps/durableApp';
import { LOCAL_EXTENDED_SESSIONS, localExtendedSessions } from '../../local/config/localExtendedSessions';
import { startTestHost, tempDir } from '../helpers/testHost';

const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');

describe('LOCAL_EXTENDED_SESSIONS', () => {
    test('on when unset or blank, so `npm start` and the tests keep sessions', () => {
        expect(localExtendedSessions({})).toBe(true);
        expect(localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: ' ' })).toBe(true);
    });

    test.each([['true', true], ['1', true], ['ON', true], ['false', false], ['0', false], ['off', false]])('%s -> %s', (value, expected) => {
        expect(localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: value })).toBe(expected);
    });

    test.each([['yes', true], [' no ', false]])('as the app\'s other boolean settings (zod stringbool, SMTP_SECURE): %s -> %s', (value, expected) => {
        expect(localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: value })).toBe(expected);
    });

    test('anything else is refused, naming the setting', () => {
        expect(() => localExtendedSessions({ [LOCAL_EXTENDED_SESSIONS]: 'sometimes' })).toThrow(/LOCAL_EXTENDED_SESSIONS.*sometimes/);
    });
});

describe('host.json', () => {
    let dir: string;
    beforeAll(() => { dir = tempDir('too-hostjson-'); });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const read = (durableTask: Record<string, unknown>) => {
        const file = path.join(dir, 'host.json');
        fs.writeFileSync(file, JSON.stringify({ version: '2.0', extensions: { durableTask } }));
        return readHostJson(file, {});
    };

    test('extendedSessionsEnabled: true is refused, as a Node app in Azure would be, pointing at the local setting', () => {
        expect(() => read({ extendedSessionsEnabled: true })).toThrow(/extendedSessionsEnabled.*\.NET.*LOCAL_EXTENDED_SESSIONS/);
    });

    test('false or absent is read as before', () => {
        expect(read({ extendedSessionsEnabled: false }).hubName).toBe('TelcoOverageHub');
        expect(read({ hubName: 'Hub' }).hubName).toBe('Hub');
    });
});

describe('the host runs its sessions as the setting says', () => {
    const saved = process.env[LOCAL_EXTENDED_SESSIONS];
    afterEach(() => {
        if (saved === undefined) delete process.env[LOCAL_EXTENDED_SESSIONS];
        else process.env[LOCAL_EXTENDED_SESSIONS] = saved;
    });

    /** How often a 10-step orchestrator's code runs from its start, on a fresh in-memory host. */
    async function runsOfTenSteps(id: string): Promise<number> {
        const t = await startTestHost(APP);
        try {
            const before = knobs.calls.get('sequence:runs') ?? 0;
            const names = Array.from({ length: 10 }, (_, i) => `n${i}`);
            await t.host.engine.startNew('sequence', id, names);
            const s = await t.host.engine.waitFor(id, (v) => ['Completed', 'Failed', 'Terminated'].includes(v.runtimeStatus));
            expect(s.output).toEqual(names.map((n) => `Hello ${n}`));
            return (knobs.calls.get('sequence:runs') ?? 0) - before;
        } finally {
            await t.stop();
        }
    }

    test('by default: the code runs once, the session carries the orchestration between episodes', async () => {
        delete process.env[LOCAL_EXTENDED_SESSIONS];
        expect(await runsOfTenSteps('sessions-on')).toBe(1);
    });

    test('LOCAL_EXTENDED_SESSIONS=false: every episode replays, as Node orchestrations do in Azure', async () => {
        process.env[LOCAL_EXTENDED_SESSIONS] = 'false';
        expect(await runsOfTenSteps('sessions-off')).toBe(11);
    });
});

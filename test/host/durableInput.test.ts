// The Durable HTTP management API validates every input: instance ids,
// paging, filters, event names and bodies are refused with a 4xx, never a 5xx.
import * as path from 'node:path';
import { expectHostProblem, startTestHost, TestHost } from '../helpers/testHost';

const APP = path.join(__dirname, '..', 'apps', 'durableApp.ts');
let t: TestHost;

beforeAll(async () => {
    t = await startTestHost(APP);
    expect((await t.call('POST', t.durable('orchestrators/waitForever/input-waits'))).status).toBe(202);
    await t.host.engine.waitFor('input-waits', (s) => s.runtimeStatus === 'Running');
});
afterAll(async () => {
    await t.call('POST', t.durable('instances/input-waits/terminate?reason=done'));
    await t.stop();
});

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

async function expectProblem(method: string, p: string, status: number, code: string, body?: unknown): Promise<void> {
    expectHostProblem(await t.call(method, t.durable(p), body), status, code);
}

describe('instance ids on start', () => {
    test.each([
        ['a slash', 'a%2Fb'],
        ['a backslash', 'a%5Cb'],
        ['a hash', 'a%23b'],
        ['a question mark', 'a%3Fb'],
        ['a control character', 'a%01b'],
        ['101 characters', 'x'.repeat(101)],
    ])('%s is a 400', async (_what, id) => {
        await expectProblem('POST', `orchestrators/waitForever/${id}`, 400, 'invalid-instance-id');
    });

    test('100 characters are fine', async () => {
        const id = 'y'.repeat(100);
        expect((await t.call('POST', t.durable(`orchestrators/sequence/${id}`), [])).status).toBe(202);
    });
});

describe('bodies', () => {
    test('a start input nested 5,000 deep is a 400', async () => {
        await expectProblem('POST', 'orchestrators/sequence', 400, 'invalid-json', deep(5000));
    });

    test('a raiseEvent body nested 5,000 deep is a 400', async () => {
        await expectProblem('POST', 'instances/input-waits/raiseEvent/Never', 400, 'invalid-json', deep(5000));
    });

    test('invalid JSON is a 400', async () => {
        await expectProblem('POST', 'instances/input-waits/raiseEvent/Never', 400, 'invalid-json', '{nope');
    });
});

describe('queries', () => {
    test.each(['top=abc', 'top=0', 'top=-1', 'top=1.5', 'createdTimeFrom=garbage', 'createdTimeTo=yesterday', 'runtimeStatus=Bogus'])('list with %s is a 400', async (q) => {
        await expectProblem('GET', `instances/?${q}`, 400, 'invalid-query');
    });

    test.each(['runtimeStatus=Bogus', 'createdTimeFrom=garbage'])('purge with %s is a 400', async (q) => {
        await expectProblem('DELETE', `instances/?${q}`, 400, 'invalid-query');
    });

    test.each(['abc', '-5', '1e3', 'x'.repeat(300)])('continuation token %s is a 400', async (token) => {
        const res = await t.call('GET', t.durable('instances/?top=1'), undefined, { 'x-ms-continuation-token': token });
        expect(res.status).toBe(400);
        expect(res.json.code).toBe('invalid-continuation-token');
    });

    test('a valid page still works', async () => {
        const res = await t.call('GET', t.durable('instances/?top=1&runtimeStatus=Running'));
        expect(res.status).toBe(200);
        expect(res.json).toHaveLength(1);
    });
});

describe('event names', () => {
    test.each([['a control character', 'Ap%00proval'], ['too long', 'E'.repeat(257)]])('%s is a 400', async (_what, name) => {
        await expectProblem('POST', `instances/input-waits/raiseEvent/${name}`, 400, 'invalid-event-name', {});
    });
});

test('status, raise and terminate of an id that cannot exist are 4xx', async () => {
    for (const [method, p] of [['GET', 'instances/a%00b'], ['POST', 'instances/a%00b/raiseEvent/E'], ['POST', 'instances/a%00b/terminate'], ['DELETE', 'instances/a%00b']]) {
        const res = await t.call(method, t.durable(p), method === 'POST' ? {} : undefined);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
    }
});

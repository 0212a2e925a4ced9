// The daily pull's activities on what they are handed (stand-ins for the
// store's neighbours and for Graph): the roster from the read model, read a
// page at a time and removed; one customer's pull as the served partner's
// agent, whose every failure is its answer and its stored state, never a
// thrown fault that would stop the other customers.
import { InvocationContext } from '@azure/functions';
import { runActivity } from '../../activities/implement';
import { endUsagePullActivity } from '../../activities/usagePull/endUsagePull';
import { listUsagePullCustomersActivity } from '../../activities/usagePull/listUsagePullCustomers';
import { nextUsagePullCustomersActivity } from '../../activities/usagePull/nextUsagePullCustomers';
import { pullCustomerUsageActivity } from '../../activities/usagePull/pullCustomerUsage';
import type { MicrosoftClients } from '../../shared/adapters/microsoftClients';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import type { Caller } from '../../shared/core/domain/partner';
import { toDoc, saveDoc } from '../../shared/features/readModel/readModel';
import { readPullState } from '../../shared/features/usage/pull/pullState';
import { standIns } from '../helpers/standIns';
import { GraphStandIn, graphRow } from './graphRows';

const NOW = Date.parse('2031-03-15T03:00:00Z');
const T = (n: number) => `10000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const SERVED = { SERVED_PARTNERS: JSON.stringify({ 1001: 'admin@contoso-telecom.example', 1002: 'admin@litware-voice.example' }) };
const ctx = () => new InvocationContext({ functionName: 'test', logHandler: () => undefined });

let store: EmbeddedStateStore;
let graph: GraphStandIn;
let actedAs: string[];
beforeEach(() => { store = new EmbeddedStateStore(undefined); graph = new GraphStandIn(); actedAs = []; });
afterEach(async () => { await store.close(); });

const microsoft = (agent: Caller) => { actedAs.push(agent.upn); return { callRecords: graph } as unknown as MicrosoftClients; };
const deps = (env: Record<string, string> = SERVED) => standIns({ stateStore: store, microsoft, clock: { now: () => NOW }, env });

async function seen(customer: string, o: { overage?: { enabled: boolean; partnerId: string } | null; credits?: boolean; viewers: string[] }) {
    const credits = o.credits ? { balance: 10, currency: 'USD', autoRecharge: null } : null;
    const overage = o.overage ? { ...o.overage, azureEntitlementId: 'sub' } : null;
    await saveDoc(store, toDoc({ customerTenantId: customer, service: 'PhoneServices', name: `Customer ${customer.slice(-2)}`, overage, credits, viewers: o.viewers, asOf: '2031-03-15T02:50:00.000Z' }, 'sync'));
}

test('the roster: customers with overage on or known credits, each with a served partner that sees it (the owner first), in tenant order; read a page at a time; removed at the end', async () => {
    await seen(T(4), { overage: { enabled: true, partnerId: '1002' }, viewers: ['1001', '1002'] }); // the owner reads it
    await seen(T(1), { overage: { enabled: false, partnerId: '1001' }, credits: true, viewers: ['1001'] }); // credits only
    await seen(T(2), { overage: { enabled: false, partnerId: '1001' }, viewers: ['1001'] }); // neither: not pulled
    await seen(T(3), { overage: { enabled: true, partnerId: '9999' }, viewers: ['9999', '1002'] }); // the owner is not served: a served viewer reads it
    await seen(T(5), { overage: { enabled: true, partnerId: '9999' }, viewers: ['9999'] }); // nobody served sees it
    expect(await runActivity(listUsagePullCustomersActivity, { runId: 'usagePull-2031-03-15' }, deps(), ctx())).toEqual({ total: 3 });
    const page = (offset: number, limit: number) => runActivity(nextUsagePullCustomersActivity, { runId: 'usagePull-2031-03-15', offset, limit }, deps(), ctx());
    expect(await page(0, 2)).toEqual({ customers: [{ customerTenantId: T(1), partnerId: '1001' }, { customerTenantId: T(3), partnerId: '1002' }] });
    expect(await page(2, 2)).toEqual({ customers: [{ customerTenantId: T(4), partnerId: '1002' }] });
    expect(await page(3, 2)).toEqual({ customers: [] });
    expect(await runActivity(endUsagePullActivity, { runId: 'usagePull-2031-03-15' }, deps(), ctx())).toEqual({ removed: 1 });
    expect(await store.query(CONTAINERS.usagePulls, { partitionKey: 'usagePull-2031-03-15' })).toEqual([]);
});

test('a customer is pulled as the agent of the partner the roster named, and says how far its calls are in', async () => {
    graph.add(T(1), graphRow('a', '2031-03-01T09:00:00Z'), graphRow('b', '2031-03-14T09:00:00Z'));
    const out = await runActivity(pullCustomerUsageActivity, { customerTenantId: T(1), partnerId: '1002', runId: 'usagePull-2031-03-15' }, deps(), ctx());
    expect(out).toEqual({ customerTenantId: T(1), state: 'ok', accepted: 2, duplicates: 0, pulledThrough: '2031-03-15T00:00:00.000Z' });
    expect(actedAs).toEqual(['admin@litware-voice.example']);
    expect(await readPullState(store, T(1))).toMatchObject({ state: 'ok', partnerId: '1002', requestedBy: 'daily pull usagePull-2031-03-15' });
});

test('whatever fails is the answer and the stored state, never a thrown fault: Graph breaking, no consent, a partner no longer served', async () => {
    graph.failWhen = () => new Error('socket hang up');
    const broken = await runActivity(pullCustomerUsageActivity, { customerTenantId: T(1), partnerId: '1001', runId: 'r' }, deps(), ctx());
    expect(broken).toMatchObject({ state: 'failed', accepted: 0, pulledThrough: null, error: expect.stringMatching(/^internal-error/) });
    expect(await readPullState(store, T(1))).toMatchObject({ state: 'failed', fault: { code: 'internal-error' } });

    graph.withoutConsent.add(T(2));
    expect(await runActivity(pullCustomerUsageActivity, { customerTenantId: T(2), partnerId: '1001', runId: 'r' }, deps(), ctx())).toMatchObject({ state: 'consent-missing', error: expect.stringContaining('consent missing') });

    const unserved = await runActivity(pullCustomerUsageActivity, { customerTenantId: T(3), partnerId: '1003', runId: 'r' }, deps(), ctx());
    expect(unserved).toMatchObject({ state: 'failed', error: expect.stringContaining('partner 1003 is no longer served') });
    expect(await readPullState(store, T(3))).toMatchObject({ state: 'failed', cursor: null, fault: { detail: expect.stringContaining('no longer served') } });
    expect(actedAs).toEqual(['admin@contoso-telecom.example', 'admin@contoso-telecom.example']);
});

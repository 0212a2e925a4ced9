// An activity runs on what it is handed (the app's Dependencies, built in
// functions/index.ts; stand-ins here), as the Durable host runs it: no host,
// no settings, no module state. The wrapper checks the input before the
// handler sees it and turns a failure into a StepFault.
import { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { registerActivities, runActivity } from '../../activities/implement';
import { readCreditsActivity } from '../../activities/overage/readCredits';
import { recordAuditActivity } from '../../activities/overage/recordAudit';
import type { CreditsClient } from '../../shared/adapters/credits/creditsClient';
import type { MicrosoftClients } from '../../shared/adapters/microsoftClients';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import type { AuditEvent } from '../../shared/core/overage/auditEvent';
import { StepFault } from '../../shared/core/faults/stepFault';
import { auditTrail } from '../../shared/features/overage/audit';
import { standIns } from '../helpers/standIns';

const TENANT = '10000000-0000-4000-8000-000000000001';
const event: AuditEvent = {
    id: 'enableOverage-1:0001', customerTenantId: TENANT, runId: 'enableOverage-1', seq: 1, at: '2026-11-29T12:00:00.000Z',
    actor: { partnerId: '1001', upn: 'admin@contoso-telecom.example' }, step: 'verify-caller', result: 'ok', detail: 'May manage overage.', viewers: ['1001'],
};

/** An invocation context whose log lines the test keeps. */
function context(): { ctx: InvocationContext; logged: string[] } {
    const logged: string[] = [];
    return { ctx: new InvocationContext({ functionName: 'test', logHandler: (_level, ...args) => { logged.push(args.map(String).join(' ')); } }), logged };
}

let store: EmbeddedStateStore;
beforeEach(() => { store = new EmbeddedStateStore(undefined); });
afterEach(async () => { await store.close(); });

test('recordAudit writes its event to the store it is handed, and a retry writes the same document again', async () => {
    const deps = standIns({ stateStore: store });
    expect(await runActivity(recordAuditActivity, event, deps, context().ctx)).toEqual({ recorded: true });
    expect(await runActivity(recordAuditActivity, event, deps, context().ctx)).toEqual({ recorded: true });
    expect(await auditTrail(store, TENANT, '1001')).toEqual([event]);
    expect(await auditTrail(store, TENANT, '1002')).toEqual([]);
});

test('an input the step refuses never reaches the handler: a StepFault, and nothing is written', async () => {
    const { ctx, logged } = context();
    const refused = runActivity(recordAuditActivity, { ...event, customerTenantId: 'not-a-tenant' }, standIns({ stateStore: store }), ctx);
    await expect(refused).rejects.toBeInstanceOf(StepFault);
    expect(await store.query(CONTAINERS.audit)).toEqual([]);
    expect(logged.join('\n')).toMatch(/^recordAudit failed/);
});

test('an activity reaches Microsoft only through the clients it is handed, as the agent of the step', async () => {
    const asked: Array<{ agent: string; budget?: string; customer: string }> = [];
    const microsoft = (agent: { upn: string }, budget?: string) => ({
        credits: { credits: async (customer: string) => { asked.push({ agent: agent.upn, budget, customer }); return { credits: { balance: 12.5, currency: 'USD', autoRecharge: null } }; } } as unknown as CreditsClient,
    }) as MicrosoftClients;
    const caller = { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent' as const] };
    const out = await runActivity(readCreditsActivity, { customerTenantId: TENANT, caller: caller }, standIns({ microsoft }), context().ctx);
    expect(out).toEqual({ credits: { balance: 12.5, currency: 'USD', autoRecharge: null } });
    expect(asked).toEqual([{ agent: caller.upn, budget: undefined, customer: TENANT }]);
});

test('what an activity is not handed, it cannot reach: the step fails and the log names it', async () => {
    const { ctx, logged } = context();
    await expect(runActivity(recordAuditActivity, event, standIns(), ctx)).rejects.toBeInstanceOf(StepFault);
    expect(logged.join('\n')).toContain('stateStore was not handed in');
});

test('registerActivities registers each activity under its step name, with the dependencies it was given', async () => {
    const registered = new Map<string, (raw: unknown, ctx: InvocationContext) => Promise<unknown>>();
    const activity = jest.spyOn(df.app, 'activity').mockImplementation((name, options) => {
        registered.set(name, options.handler as never);
        return undefined as never; // what durable-functions answers is not used by the app
    });
    try {
        registerActivities([recordAuditActivity, readCreditsActivity], standIns({ stateStore: store }));
    } finally {
        activity.mockRestore();
    }
    expect([...registered.keys()]).toEqual(['recordAudit', 'readCredits']);
    expect(await registered.get('recordAudit')!(event, context().ctx)).toEqual({ recorded: true });
    expect(await auditTrail(store, TENANT, '1001')).toEqual([event]);
});

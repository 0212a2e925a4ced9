// Two runs recording the same customer and service at once: one wins.
import { EmbeddedStateStore } from '../../shared/state/embeddedStateStore';
import { OverageRecord, recordSetting } from '../../shared/overage/recordSetting';

const base: Omit<OverageRecord, 'partnerId' | 'runId'> = {
    customerTenantId: '10000000-0000-4000-8000-000000000001', service: 'PhoneServices', azureEntitlementId: '30000000-0000-4000-8000-000000000001', overageEnabled: true, at: '2026-01-01T00:00:00.000Z',
};

test('concurrent records of two partners: exactly one wins, and the record names it', async () => {
    for (let round = 0; round < 20; round++) {
        const store = new EmbeddedStateStore(undefined);
        const results = await Promise.all([
            recordSetting(store, { ...base, partnerId: '1001', runId: `a-${round}` }),
            recordSetting(store, { ...base, partnerId: '1002', runId: `b-${round}` }),
        ]);
        expect(results.filter((r) => r.won)).toHaveLength(1);
        const winner = results.find((r) => r.won)!.current.partnerId;
        expect((await store.read<OverageRecord & { id: string }>('overage-settings', base.customerTenantId, 'PhoneServices'))?.partnerId).toBe(winner);
        await store.close();
    }
});

test('a repeated record of the same run wins again; a disabled setting can be taken over', async () => {
    const store = new EmbeddedStateStore(undefined);
    expect((await recordSetting(store, { ...base, partnerId: '1001', runId: 'a' })).won).toBe(true);
    expect((await recordSetting(store, { ...base, partnerId: '1001', runId: 'a' })).won).toBe(true);
    expect((await recordSetting(store, { ...base, partnerId: '1002', runId: 'b' })).won).toBe(false);
    await recordSetting(store, { ...base, partnerId: '1001', runId: 'c', overageEnabled: false, azureEntitlementId: null });
    expect((await recordSetting(store, { ...base, partnerId: '1002', runId: 'b' })).won).toBe(true);
    await store.close();
});

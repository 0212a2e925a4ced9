// The read model's pure parts: the document built from a live view, freshness,
// the refresh window and the remembered tokens.
import { isFresh, toDoc } from '../../shared/features/readModel/readModel';
import { takeRefresh } from '../../shared/features/readModel/refreshLimit';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import { VerifiedTokens } from '../../shared/adapters/identity/verifiedTokens';

const tenant = '10000000-0000-4000-8000-000000000099';
const view = { customerTenantId: tenant, service: 'PhoneServices' as const, name: 'X', asOf: '2026-01-01T00:00:00.000Z', viewers: ['1002', '1001', '1002'] };

test('who pays now follows the credits rule, viewers are unique and sorted', () => {
    const on = { enabled: true, partnerId: '1001', azureEntitlementId: 'e' };
    expect(toDoc({ ...view, overage: on, credits: null }, 'sync')).toMatchObject({ payerNow: 'overage', postpaidActive: true, viewers: ['1001', '1002'] });
    expect(toDoc({ ...view, overage: on, credits: { balance: 5, currency: 'EUR', autoRecharge: null } }, 'sync')).toMatchObject({ payerNow: 'credits', postpaidActive: false });
    expect(toDoc({ ...view, overage: null, credits: null }, 'run')).toMatchObject({ payerNow: 'nobody', postpaidActive: false, source: 'run' });
});

test('freshness is measured from asOf', () => {
    const asOf = Date.parse(view.asOf);
    expect(isFresh(view, 1000, asOf + 1000)).toBe(true);
    expect(isFresh(view, 1000, asOf + 1001)).toBe(false);
});

test('one refresh per partner and customer per window, counted in the store', async () => {
    const store = new EmbeddedStateStore(undefined);
    const t0 = 1_000_000;
    expect(await takeRefresh(store, 'p', tenant, t0, 30_000)).toEqual({ allowed: true });
    expect(await takeRefresh(store, 'p', tenant, t0 + 10_000, 30_000)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(await takeRefresh(store, 'q', tenant, t0 + 10_000, 30_000)).toEqual({ allowed: true });
    expect(await takeRefresh(store, 'p', tenant, t0 + 30_000, 30_000)).toEqual({ allowed: true });
    await store.close();
});

test('another instance (a fresh copy of the module, as after a scale-out or a restart) sees the refresh taken', async () => {
    const store = new EmbeddedStateStore(undefined);
    const t0 = 3_000_000;
    expect(await takeRefresh(store, 'p', tenant, t0, 30_000)).toEqual({ allowed: true });
    let other: typeof takeRefresh | undefined;
    jest.isolateModules(() => { other = (require('../../shared/features/readModel/refreshLimit') as typeof import('../../shared/features/readModel/refreshLimit')).takeRefresh; });
    expect(other).not.toBe(takeRefresh);
    expect(await other!(store, 'p', tenant, t0 + 5_000, 30_000)).toEqual({ allowed: false, retryAfterSeconds: 25 });
    await store.close();
});

test('instances of a scaled-out app asking at once: one refresh is taken, the others are refused', async () => {
    const store = new EmbeddedStateStore(undefined);
    const t0 = 2_000_000;
    const first = await Promise.all([1, 2, 3, 4].map(() => takeRefresh(store, 'p', tenant, t0, 30_000)));
    expect(first.filter((t) => t.allowed)).toHaveLength(1);
    // once the window has passed, again exactly one (the document is replaced under its ETag)
    const later = await Promise.all([1, 2, 3, 4].map(() => takeRefresh(store, 'p', tenant, t0 + 30_000, 30_000)));
    expect(later.filter((t) => t.allowed)).toHaveLength(1);
    expect(later.filter((t) => !t.allowed).every((t) => !t.allowed && t.retryAfterSeconds === 30)).toBe(true);
    await store.close();
});

test('a verified token is remembered until its exp, at most a minute', () => {
    const caller = { partnerId: '1001', upn: 'a@b.example', roles: ['SalesAgent' as const] };
    const now = 1_700_000_000_000;
    const token = (exp: number) => `Bearer h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
    const long = token(now / 1000 + 3600);
    const kept = new VerifiedTokens();
    kept.remember(long, caller, now);
    expect(kept.remembered(long, now + 59_000)).toEqual(caller);
    expect(kept.remembered(long, now + 61_000)).toBeUndefined();
    const short = token(now / 1000 + 10);
    kept.remember(short, caller, now);
    expect(kept.remembered(short, now + 11_000)).toBeUndefined();
    kept.remember('Bearer not-a-jwt', caller, now);
    expect(kept.remembered('Bearer not-a-jwt', now)).toBeUndefined();
    expect(kept.remembered(null, now)).toBeUndefined();
});

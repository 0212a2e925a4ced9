// Fleet readiness from the rules' own answers: each state from the facts that
// lead to it, the order in which they decide, and when the preflight is read.
import { assessCredits, checkEligibility, ownershipOf, type CommunicationsCredits } from '../../shared/core/domain/domain';
import { assessReadiness, needsPreflight, type ReadinessFacts, unknownBlocker } from '../../shared/core/domain/rules/readiness';
import type { LicenseSubscription } from '../../shared/core/domain/subscription';

const TENANT = '11111111-1111-4111-8111-111111111111';
const ME = '1001';
const OTHER = '1002';
const overageSku = (partnerId: string, purchasedAt = '2026-01-01T00:00:00Z'): LicenseSubscription => ({
    id: `sub-${partnerId}`, partnerId, sku: 'Microsoft Teams Phone with Calling Plan', consumptionType: 'overage', quantity: 10, purchasedAt, plan: null,
});
const plainSku: LicenseSubscription = { id: 'sub-plain', partnerId: ME, sku: 'Microsoft 365 E3', consumptionType: null, quantity: 10, purchasedAt: '2026-01-01T00:00:00Z', plan: null };
const credits = (balance: number, recharge = false): CommunicationsCredits => ({ balance, currency: 'EUR', autoRecharge: recharge ? { enabled: true, threshold: 10, amount: 50 } : null });

function facts(o: { subs?: LicenseSubscription[]; overage?: { enabled: boolean; partnerId: string } | null; credits?: CommunicationsCredits | null; preflight?: ReadinessFacts['preflight'] } = {}): ReadinessFacts {
    const subs = o.subs ?? [overageSku(ME)];
    const overage = o.overage ?? null;
    const owner = overage?.enabled ? { partnerId: overage.partnerId, basis: 'assignment' as const, azureEntitlementId: '22222222-2222-4222-8222-222222222222' }
        : subs.filter((s) => s.consumptionType === 'overage').sort((a, b) => a.purchasedAt.localeCompare(b.purchasedAt)).map((s) => ({ partnerId: s.partnerId, basis: 'first-purchase' as const, subscriptionId: s.id, purchasedAt: s.purchasedAt }))[0] ?? null;
    return {
        actingForPartnerId: ME,
        overage,
        eligibility: checkEligibility({ name: 'Contoso', subscriptions: subs }),
        ownership: ownershipOf(owner, TENANT, 'PhoneServices', ME),
        credits: assessCredits(o.credits ?? null, overage && { overageEnabled: overage.enabled }),
        preflight: o.preflight,
    };
}
const gdap = { code: 'gdap-missing' as const, detail: 'no GDAP', remedy: 'set up GDAP' };

test('on: overage is the partner\'s and post-paid billing is active', () => {
    expect(assessReadiness(facts({ overage: { enabled: true, partnerId: ME } }))).toEqual({ state: 'on', blockers: [] });
});

test('on, credits first: a positive balance pays first, with no blocker', () => {
    expect(assessReadiness(facts({ overage: { enabled: true, partnerId: ME }, credits: credits(20) }))).toEqual({ state: 'on-credits-first', blockers: [] });
});

test('on, credits first: auto-recharge keeps credits paying, and says only the customer can turn it off', () => {
    const r = assessReadiness(facts({ overage: { enabled: true, partnerId: ME }, credits: credits(0, true) }));
    expect(r.state).toBe('on-credits-first');
    expect(r.blockers.map((b) => b.code)).toEqual(['auto-recharge-on']);
    expect(r.blockers[0].remedy).toMatch(/customer/);
});

test('owned by another partner: its overage is on, whatever this partner bought', () => {
    const r = assessReadiness(facts({ subs: [overageSku(ME)], overage: { enabled: true, partnerId: OTHER } }));
    expect(r.state).toBe('owned-by-another-partner');
    expect(r.blockers[0].code).toBe('owned-by-another-partner');
    expect(r.blockers[0].remedy).toMatch(/handover/i);
});

test('owned by another partner: its purchase came first, while overage is off', () => {
    const r = assessReadiness(facts({ subs: [overageSku(OTHER, '2025-01-01T00:00:00Z'), overageSku(ME)], preflight: [] }));
    expect(r.state).toBe('owned-by-another-partner');
});

test('not eligible: no licence that allows overage; eligibility is told before ownership and preflight', () => {
    const r = assessReadiness(facts({ subs: [plainSku], preflight: [gdap] }));
    expect(r).toMatchObject({ state: 'not-eligible', blockers: [{ code: 'not-eligible' }] });
});

test('ready: eligible, off, owner or unowned, and the preflight found nothing', () => {
    expect(assessReadiness(facts({ preflight: [] }))).toEqual({ state: 'ready', blockers: [] });
    // credits with a balance do not stop a switch-on: they drain first afterwards
    expect(assessReadiness(facts({ credits: credits(5), preflight: [] })).state).toBe('ready');
});

test('blocked: each preflight blocker is listed, an unknown read as well', () => {
    const unknown = unknownBlocker('the tenant policies', 'access refused (HTTP 403)');
    const r = assessReadiness(facts({ preflight: [gdap, unknown] }));
    expect(r.state).toBe('blocked');
    expect(r.blockers.map((b) => b.code)).toEqual(['gdap-missing', 'unknown']);
    expect(unknown.detail).toContain('HTTP 403');
});

test('the preflight is read only for a customer the partner could switch on', () => {
    expect(needsPreflight(facts())).toBe(true);
    expect(needsPreflight(facts({ overage: { enabled: true, partnerId: ME } }))).toBe(false);
    expect(needsPreflight(facts({ subs: [plainSku] }))).toBe(false);
    expect(needsPreflight(facts({ subs: [overageSku(OTHER, '2025-01-01T00:00:00Z'), overageSku(ME)] }))).toBe(false);
});

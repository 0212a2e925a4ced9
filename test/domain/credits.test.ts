import { assessCredits, type CommunicationsCredits } from '../../shared/core/domain/domain';

const on = { overageEnabled: true };
const off = { overageEnabled: false };
const credits = (balance: number, autoRecharge: CommunicationsCredits['autoRecharge'] = null): CommunicationsCredits => ({ balance, currency: 'EUR', autoRecharge });
const recharge = { enabled: true, threshold: 10, amount: 50 };
const codes = (xs: Array<{ code: string }>) => xs.map((x) => x.code);

test('zero balance and overage on: post-paid', () => {
    expect(assessCredits(credits(0), on)).toEqual({ postpaidActive: true, payer: 'overage', warnings: [], blockers: [] });
});

test('no credits at all and overage on: post-paid', () => {
    expect(assessCredits(null, on)).toMatchObject({ postpaidActive: true, payer: 'overage', warnings: [], blockers: [] });
});

test('a positive balance drains first, with a warning naming the balance', () => {
    const r = assessCredits(credits(42.75), on);
    expect(r).toMatchObject({ postpaidActive: false, payer: 'communicationsCredits', blockers: [] });
    expect(codes(r.warnings)).toEqual(['credits-drain-first']);
    expect(r.warnings[0].detail).toContain('42.75 EUR');
});

test('auto-recharge on blocks the switch for ever, even at zero balance', () => {
    const r = assessCredits(credits(0, recharge), on);
    expect(r.postpaidActive).toBe(false);
    expect(codes(r.blockers)).toEqual(['auto-recharge-on']);
    expect(r.blockers[0].remedy).toMatch(/customer/);
    expect(r.blockers[0].detail).toContain('50 EUR');
});

test('auto-recharge on with a balance: blocker and the drain warning', () => {
    const r = assessCredits(credits(25.5, recharge), on);
    expect(codes(r.blockers)).toEqual(['auto-recharge-on']);
    expect(codes(r.warnings)).toEqual(['credits-drain-first']);
});

test('auto-recharge configured but off does not block', () => {
    expect(assessCredits(credits(0, { ...recharge, enabled: false }), on)).toMatchObject({ postpaidActive: true, blockers: [] });
});

test('no overage and no balance: calls beyond the pool are refused', () => {
    for (const c of [credits(0), null]) {
        for (const setting of [off, null, undefined]) {
            const r = assessCredits(c, setting);
            expect(r).toMatchObject({ postpaidActive: false, payer: 'nothing', blockers: [] });
            expect(codes(r.warnings)).toEqual(['outbound-calls-refused']);
        }
    }
});

test('no overage but a balance: credits pay, not refused', () => {
    const r = assessCredits(credits(5), off);
    expect(r).toMatchObject({ postpaidActive: false, payer: 'communicationsCredits' });
    expect(codes(r.warnings)).toEqual(['credits-drain-first']);
});

test('auto-recharge blocks even while overage is not yet on (it would block the switch later)', () => {
    const r = assessCredits(credits(0, recharge), off);
    expect(codes(r.blockers)).toEqual(['auto-recharge-on']);
    expect(r.payer).toBe('communicationsCredits');
    expect(codes(r.warnings)).toEqual([]);
});

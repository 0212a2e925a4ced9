import { canManageOverage, canReadOverage, type AgentRole } from '../../shared/core/domain/domain';
import { caller, partner } from './fixtures';

const provider = partner({ id: '2001', name: 'Tailspin Distribution', kind: 'indirectProvider' });
const reseller = partner({ id: '3001', name: 'Northwind Reseller', kind: 'indirectReseller', providerId: '2001' });

describe('manage (enable, reassign, disable)', () => {
    test('an AdminAgent of a direct partner may', () => {
        expect(canManageOverage(caller(), partner())).toEqual({ allowed: true, actingForPartnerId: '1001' });
    });

    test('an AdminAgent of an indirect provider may', () => {
        expect(canManageOverage(caller({ partnerId: '2001' }), provider).allowed).toBe(true);
    });

    test.each<AgentRole[]>([['SalesAgent'], ['HelpdeskAgent'], ['GlobalAdmin'], [], ['SalesAgent', 'GlobalAdmin']])('roles %j may not', (...roles) => {
        const result = canManageOverage(caller({ roles }), partner());
        expect(result).toMatchObject({ allowed: false, code: 'role-not-permitted' });
        if (!result.allowed) expect(result.remedy).toContain('Contoso Telecom');
    });

    test('an indirect reseller is refused even as AdminAgent, and the refusal names its provider', () => {
        const result = canManageOverage(caller({ partnerId: '3001' }), reseller, { provider });
        expect(result).toMatchObject({ allowed: false, code: 'indirect-reseller', provider: { id: '2001', name: 'Tailspin Distribution' } });
        if (!result.allowed) {
            expect(result.remedy).toContain('Tailspin Distribution');
            expect(result.remedy).toContain('2001');
            expect(result.remedy).toContain('3001');
        }
    });

    test('without the provider record the refusal still gives the provider id', () => {
        const result = canManageOverage(caller({ partnerId: '3001' }), reseller);
        expect(result).toMatchObject({ allowed: false, code: 'indirect-reseller', provider: { id: '2001' } });
        if (!result.allowed) {
            expect(result.provider?.name).toBeUndefined();
            expect(result.remedy).toContain('2001');
        }
    });

    test('a provider record that is not the reseller\'s provider is not named', () => {
        const other = partner({ id: '2002', name: 'Other Distributor', kind: 'indirectProvider' });
        const result = canManageOverage(caller({ partnerId: '3001' }), reseller, { provider: other });
        if (result.allowed) throw new Error('expected a refusal');
        expect(result.remedy).not.toContain('Other Distributor');
        expect(result.provider).toEqual({ id: '2001' });
    });

    test('a reseller without the admin role still gets the reseller refusal (the one that helps)', () => {
        expect(canManageOverage(caller({ partnerId: '3001', roles: ['SalesAgent'] }), reseller)).toMatchObject({ code: 'indirect-reseller' });
    });

    test('a provider may act for its own reseller', () => {
        expect(canManageOverage(caller({ partnerId: '2001' }), provider, { onBehalfOf: reseller }))
            .toEqual({ allowed: true, actingForPartnerId: '3001' });
    });

    test('a provider may not act for another provider\'s reseller, nor for a direct partner', () => {
        const foreign = { ...reseller, id: '3002', providerId: '2999' };
        expect(canManageOverage(caller({ partnerId: '2001' }), provider, { onBehalfOf: foreign })).toMatchObject({ code: 'not-reseller-of-provider' });
        expect(canManageOverage(caller({ partnerId: '2001' }), provider, { onBehalfOf: partner() })).toMatchObject({ code: 'not-reseller-of-provider' });
    });

    test('a caller signed in for another partner is refused', () => {
        expect(canManageOverage(caller({ partnerId: '1002' }), partner())).toMatchObject({ allowed: false, code: 'caller-not-of-partner' });
    });
});

describe('read', () => {
    test.each<AgentRole>(['AdminAgent', 'SalesAgent', 'GlobalAdmin'])('%s may read', (role) => {
        expect(canReadOverage(caller({ roles: [role] }), partner())).toEqual({ allowed: true });
    });

    test('a HelpdeskAgent alone may not', () => {
        expect(canReadOverage(caller({ roles: ['HelpdeskAgent'] }))).toMatchObject({ allowed: false, code: 'role-not-permitted' });
    });

    test('an indirect reseller may read its own', () => {
        expect(canReadOverage(caller({ partnerId: '3001', roles: ['SalesAgent'] }), reseller).allowed).toBe(true);
    });

    test('not for another partner', () => {
        expect(canReadOverage(caller({ partnerId: '1002' }), partner())).toMatchObject({ code: 'caller-not-of-partner' });
    });
});

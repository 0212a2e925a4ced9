// Partner Center's roles, remembered a minute: a role Partner Center takes
// away stops counting once the minute is over, a user it does not know has
// none, and a failed read is not remembered.
import { RememberedRoles } from '../../shared/features/access/agentRoles';
import type { AgentRole } from '../../shared/core/domain/partner';
import { UpstreamNotFoundError } from '../../shared/adapters/http/httpClient';
import type { PartnerCenterClient } from '../../shared/adapters/partnerCenter/partnerCenterClient';

/** A Partner Center whose answers the test changes as it goes. */
function partnerCenter(roles: Record<string, AgentRole[] | Error>) {
    return {
        roles,
        agentRoles: async (upn: string) => {
            const r = roles[upn];
            if (r === undefined) throw new UpstreamNotFoundError({ upstream: 'partner-center', method: 'GET', url: `/v1/agents/${upn}/roles`, attempts: 1 }, 404, `${upn} is not an agent`, undefined);
            if (r instanceof Error) throw r;
            return { upn, roles: r };
        },
    } as unknown as PartnerCenterClient & { roles: Record<string, AgentRole[] | Error> };
}

const admin = { partnerId: '1001', upn: 'admin@contoso.example' };

test('within the minute the remembered roles count; after it, what Partner Center says now', async () => {
    let now = 0;
    const pc = partnerCenter({ 'admin@contoso.example': ['AdminAgent'] });
    const roles = new RememberedRoles(60_000, () => now);
    expect(await roles.rolesOf(pc, admin)).toEqual(['AdminAgent']);
    pc.roles['admin@contoso.example'] = ['HelpdeskAgent'];
    now = 59_999;
    expect(await roles.rolesOf(pc, { ...admin, upn: 'ADMIN@contoso.example' })).toEqual(['AdminAgent']);
    now = 60_000;
    expect(await roles.rolesOf(pc, admin)).toEqual(['HelpdeskAgent']);
});

test('a user Partner Center does not know has no role; the same user name of another partner is another agent', async () => {
    const pc = partnerCenter({ 'admin@contoso.example': ['AdminAgent'] });
    const roles = new RememberedRoles();
    expect(await roles.rolesOf(pc, { partnerId: '1001', upn: 'intruder@contoso.example' })).toEqual([]);
    const other = partnerCenter({});
    expect(await roles.rolesOf(other, { partnerId: '1002', upn: 'admin@contoso.example' })).toEqual([]);
});

test('a failed read is not remembered: the next call asks again', async () => {
    const pc = partnerCenter({ 'admin@contoso.example': new Error('Partner Center is down') });
    const roles = new RememberedRoles();
    await expect(roles.rolesOf(pc, admin)).rejects.toThrow('down');
    pc.roles['admin@contoso.example'] = ['SalesAgent'];
    expect(await roles.rolesOf(pc, admin)).toEqual(['SalesAgent']);
});

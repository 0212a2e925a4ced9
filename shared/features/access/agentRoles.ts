// An agent's roles as Partner Center holds them: the only roles the app
// trusts (a token's `roles` claim says what its holder was given in Entra ID,
// not what Partner Center lets it do). A user Partner Center does not know
// has none. Read once a minute at most per partner and user, so a read-model
// answer does not cost a Partner Center call; a role taken away in Partner
// Center stops working within that minute.
import type { AgentRole, Caller } from '../../core/domain/partner';
import { UpstreamNotFoundError } from '../../adapters/http/httpClient';
import type { PartnerCenterClient } from '../../adapters/partnerCenter/partnerCenterClient';

export interface AgentRolesSource {
    rolesOf(pc: PartnerCenterClient, caller: Pick<Caller, 'partnerId' | 'upn'>): Promise<AgentRole[]>;
}

/** Reads Partner Center every time (a run's first step: what it decides is recorded). */
export const partnerCenterRoles: AgentRolesSource = {
    rolesOf: (pc, caller) => pc.agentRoles(caller.upn).then((r) => r.roles, (err: unknown) => {
        if (err instanceof UpstreamNotFoundError) return [];
        throw err;
    }),
};

/** Partner Center's answer kept for `ttlMs` per partner and user (a failed read is not kept). */
export class RememberedRoles implements AgentRolesSource {
    private readonly kept = new Map<string, { roles: Promise<AgentRole[]>; until: number }>();

    // eslint-disable-next-line no-restricted-properties -- how long roles are kept is a duration: process time
    constructor(private readonly ttlMs = 60_000, private readonly now: () => number = Date.now, private readonly max = 5_000) {}

    rolesOf(pc: PartnerCenterClient, caller: Pick<Caller, 'partnerId' | 'upn'>): Promise<AgentRole[]> {
        const key = `${caller.partnerId}\n${caller.upn.toLowerCase()}`;
        const hit = this.kept.get(key);
        if (hit && hit.until > this.now()) return hit.roles;
        const roles = partnerCenterRoles.rolesOf(pc, caller);
        const entry = { roles, until: this.now() + this.ttlMs };
        this.kept.delete(key);
        this.kept.set(key, entry);
        if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
        roles.catch(() => { if (this.kept.get(key) === entry) this.kept.delete(key); });
        return roles;
    }
}

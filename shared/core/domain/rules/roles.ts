// Rule 2: who may touch overage. Changing it (enable, reassign, disable) is
// for AdminAgents of the partner that transacts with Microsoft; an indirect
// reseller is told which provider to ask. Reading is wider.
import { blocker, type BlockerOf } from '../findings';
import type { AgentRole, Caller, Partner } from '../partner';

/** Roles that may read overage settings. */
export const OVERAGE_READ_ROLES: readonly AgentRole[] = ['AdminAgent', 'SalesAgent', 'GlobalAdmin'];

/** The only role that may change overage settings. */
export const OVERAGE_MANAGE_ROLE: AgentRole = 'AdminAgent';

export type ManagePermission =
    | { allowed: true; /** whose overage it is: the reseller in a two-tier sale, else the caller's partner */ actingForPartnerId: string }
    | ({ allowed: false; provider?: { id: string; name?: string } }
        & BlockerOf<'caller-not-of-partner' | 'role-not-permitted' | 'indirect-reseller' | 'not-reseller-of-provider'>);

export type ReadPermission =
    | { allowed: true }
    | ({ allowed: false } & BlockerOf<'caller-not-of-partner' | 'role-not-permitted'>);

export interface ManageContext {
    /** The reseller's indirect provider, when known, so a refusal can name it. */
    provider?: Pick<Partner, 'id' | 'name'> | null;
    /** Two-tier: the indirect reseller a provider acts for (the `partnerId` of the update). */
    onBehalfOf?: Pick<Partner, 'id' | 'name' | 'kind' | 'providerId'> | null;
}

/**
 * May `caller`, signed in for `partner`, enable, reassign or disable overage?
 * Refusals are checked in the order a person would fix them: wrong account,
 * then a partner that cannot transact, then the missing role.
 */
export function canManageOverage(caller: Caller, partner: Pick<Partner, 'id' | 'name' | 'kind' | 'providerId'>, context: ManageContext = {}): ManagePermission {
    if (caller.partnerId !== partner.id) {
        return {
            allowed: false,
            ...blocker('caller-not-of-partner',
                `${caller.upn} is signed in for partner ${caller.partnerId}, not for ${partner.name} (${partner.id}).`,
                `Sign in with an account of ${partner.name}.`),
        };
    }
    if (partner.kind === 'indirectReseller') {
        const providerId = partner.providerId ?? undefined;
        const knownName = context.provider && context.provider.id === providerId ? context.provider.name : undefined;
        const who = providerId === undefined
            ? 'your indirect provider'
            : knownName ? `${knownName} (partner ${providerId})` : `your indirect provider (partner ${providerId})`;
        return {
            allowed: false,
            provider: providerId === undefined ? undefined : { id: providerId, ...(knownName ? { name: knownName } : {}) },
            ...blocker('indirect-reseller',
                `${partner.name} is an indirect reseller and does not transact with Microsoft, so it cannot change overage itself.`,
                `Ask an admin agent of ${who} to manage overage for this customer; they act for you by naming your partner id ${partner.id} in the request.`),
        };
    }
    const reseller = context.onBehalfOf;
    if (reseller && reseller.id !== partner.id && !(reseller.kind === 'indirectReseller' && reseller.providerId === partner.id)) {
        return {
            allowed: false,
            ...blocker('not-reseller-of-provider',
                partner.kind === 'indirectProvider'
                    ? `${reseller.name} (${reseller.id}) is not an indirect reseller of ${partner.name} (${partner.id}).`
                    : `${partner.name} (${partner.id}) is a direct partner; only an indirect provider acts for an indirect reseller (${reseller.id}).`,
                `Only act for resellers that buy through ${partner.name}; leave the reseller out for your own customers.`),
        };
    }
    if (!caller.roles.includes(OVERAGE_MANAGE_ROLE)) {
        return {
            allowed: false,
            ...blocker('role-not-permitted',
                `${caller.upn} has ${describeRoles(caller.roles)}; changing overage needs the Admin Agent role.`,
                `Ask an admin agent of ${partner.name} to do it, or have a global admin of ${partner.name} grant ${caller.upn} the Admin Agent role in Partner Center.`),
        };
    }
    return { allowed: true, actingForPartnerId: reseller ? reseller.id : partner.id };
}

/** May `caller` read overage settings (for `partner`, when given)? Any partner kind may read its own. */
export function canReadOverage(caller: Caller, partner?: Pick<Partner, 'id' | 'name'>): ReadPermission {
    if (partner && caller.partnerId !== partner.id) {
        return {
            allowed: false,
            ...blocker('caller-not-of-partner',
                `${caller.upn} is signed in for partner ${caller.partnerId}, not for ${partner.name} (${partner.id}).`,
                `Sign in with an account of ${partner.name}.`),
        };
    }
    if (!caller.roles.some((r) => OVERAGE_READ_ROLES.includes(r))) {
        return {
            allowed: false,
            ...blocker('role-not-permitted',
                `${caller.upn} has ${describeRoles(caller.roles)}; reading overage needs Admin Agent, Sales Agent or Global Admin.`,
                'Ask a global admin of your partner account to give you the Sales Agent or Admin Agent role.'),
        };
    }
    return { allowed: true };
}

function describeRoles(roles: readonly AgentRole[]): string {
    return roles.length === 0 ? 'no Partner Center role' : `only ${roles.join(', ')}`;
}

// Which agent roles may look at or change a customer's overage. Microsoft's
// overage pages name admin agents, sales agents and global admins as the
// roles that work with it, and admin agents as the only ones that may change it.
import type { AgentRole } from '../world';
import { Refusal, refusal } from './refusal';

const MAY_READ: readonly AgentRole[] = ['AdminAgent', 'SalesAgent', 'GlobalAdmin'];
const MAY_CHANGE: readonly AgentRole[] = ['AdminAgent'];

export function refuseOverageRead(roles: readonly AgentRole[]): Refusal | undefined {
    if (roles.some((r) => MAY_READ.includes(r))) return undefined;
    return refusal(403, 'role-not-permitted', `Reading overage takes the Admin Agent, Sales Agent or Global Admin role; the agent has ${describe(roles)}.`);
}

export function refuseOverageChange(roles: readonly AgentRole[]): Refusal | undefined {
    if (roles.some((r) => MAY_CHANGE.includes(r))) return undefined;
    return refusal(403, 'role-not-permitted', `Only admin agents may change overage; the agent has ${describe(roles)}.`);
}

function describe(roles: readonly AgentRole[]): string {
    return roles.length ? `the role(s) ${roles.join(', ')}` : 'no Partner Center role';
}

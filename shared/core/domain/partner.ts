// CSP partners, their agents, and the authenticated caller.
import { z } from 'zod';
import { Email, PartnerId, Upn } from './primitives';

export const PartnerKind = z.enum(['direct', 'indirectProvider', 'indirectReseller']);
export type PartnerKind = z.infer<typeof PartnerKind>;

/** Partner Center agent roles, plus Global Admin of the partner's own tenant. */
export const AgentRole = z.enum(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin']);
export type AgentRole = z.infer<typeof AgentRole>;

export const Agent = z.object({
    upn: Upn,
    roles: z.array(AgentRole),
});
export type Agent = z.infer<typeof Agent>;

export const Partner = z.object({
    id: PartnerId,
    name: z.string().min(1),
    kind: PartnerKind,
    /** The indirect provider an indirect reseller buys through; null for everyone else. */
    providerId: PartnerId.nullable(),
    adminContact: Email,
    agents: z.array(Agent),
    /** An integration sandbox account: cannot create Azure plans unless Microsoft granted access. */
    sandbox: z.boolean().default(false),
    /** Only meaningful for a sandbox: Microsoft granted it the right to provision Azure plans. */
    sandboxAzurePlanAccess: z.boolean().default(false),
}).superRefine((partner, ctx) => {
    if (partner.kind === 'indirectReseller') {
        if (partner.providerId === null) {
            ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'an indirect reseller must name the indirect provider it buys through' });
        } else if (partner.providerId === partner.id) {
            ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'an indirect reseller cannot be its own provider' });
        }
    } else if (partner.providerId !== null) {
        ctx.addIssue({ code: 'custom', path: ['providerId'], message: `only an indirect reseller has a provider; a ${partner.kind} partner must have providerId null` });
    }
    const seen = new Set<string>();
    partner.agents.forEach((agent, i) => {
        const upn = agent.upn.toLowerCase();
        if (seen.has(upn)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'upn'], message: `agent ${agent.upn} is listed twice` });
        seen.add(upn);
    });
});
export type Partner = z.infer<typeof Partner>;

/** The agent behind a request, as the token says: who, for which partner, with which roles. */
export const Caller = z.object({
    partnerId: PartnerId,
    upn: Upn,
    roles: z.array(AgentRole),
});
export type Caller = z.infer<typeof Caller>;


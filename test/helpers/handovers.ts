// Handovers as a test drives them through the local host: ask, read the
// mails in the simulator's mailbox, follow the links the way a person would,
// and act at the simulated Partner Center as a partner the app does not serve.
import { AGENTS, type AgentName, type AppHost } from './appHost';

export type Party = 'currentPartner' | 'newPartner' | 'customer';
export type Contacts = Record<Party, string>;

export interface Mail { to: string[]; subject: string; text: string; html: string | null; links: string[]; receivedAt: string }

export function handoverClient(h: AppHost) {
    const mailbox = async (): Promise<Mail[]> => (await h.call('GET', '/simulator/mailbox')).json;
    const poll = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
        const end = Date.now() + ms;
        for (;;) {
            const found = await probe();
            if (found !== undefined) return found;
            if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
            await new Promise((r) => setTimeout(r, 50));
        }
    };
    return {
        mailbox,
        poll,
        ask: (customer: string, body: Record<string, unknown>, agent: AgentName = 'contosoAdmin', headers: Record<string, string> = {}) =>
            h.as(agent)('POST', `/api/customers/${customer}/overage/handovers`, { service: 'PhoneServices', ...body }, headers),
        read: async (location: string, agent: AgentName = 'contosoAdmin') => (await h.as(agent)('GET', new URL(location, h.url).pathname)).json,
        /** The handover once `done` holds. */
        until: async (location: string, done: (x: any) => boolean, agent: AgentName = 'contosoAdmin', ms = 20_000): Promise<any> => {
            let last: unknown;
            try {
                return await poll('the handover', async () => {
                    last = (await h.as(agent)('GET', new URL(location, h.url).pathname)).json;
                    return done(last) ? last : undefined;
                }, ms);
            } catch {
                throw new Error(`handover not there yet: ${JSON.stringify(last)}`);
            }
        },
        /** The handover once it ended and its run let go of the customer (its last mails sent). */
        ended: async (location: string, agent: AgentName = 'contosoAdmin', ms = 20_000): Promise<any> => {
            const closed = (x: any) => !['awaiting-approvals', 'switching'].includes(x.status);
            const last = await poll('the handover to end', async () => {
                const x = (await h.as(agent)('GET', new URL(location, h.url).pathname)).json;
                return closed(x) ? x : undefined;
            }, ms);
            await h.finish(last.links.run, agent, ms);
            // read again: the run audits its last steps after the handover shows its end
            return (await h.as(agent)('GET', new URL(location, h.url).pathname)).json;
        },
        /** The approval link mailed to each party of one handover (the latest, should there be several). */
        links: (handoverId: string, contacts: Contacts) => poll(`the links of ${handoverId}`, async () => {
            const mails = await mailbox();
            const linkOf = (address: string) => mails.filter((m) => m.to.includes(address)).flatMap((m) => m.links)
                .filter((l) => l.includes('/api/approvals/') && handoverOfLink(l) === handoverId).pop();
            const found = { currentPartner: linkOf(contacts.currentPartner), newPartner: linkOf(contacts.newPartner), customer: linkOf(contacts.customer) };
            return found.currentPartner && found.newPartner && found.customer ? (found as Contacts) : undefined;
        }),
        /** Mails whose subject matches, received since `since`, to each address. */
        mailsSince: (since: string, to: string[], subject: RegExp, ms?: number) => poll(`mail ${subject} to ${to.join(', ')}`, async () => {
            const byAddress: Record<string, Mail> = {};
            for (const m of await mailbox()) if (m.receivedAt >= since && subject.test(m.subject)) for (const a of m.to) byAddress[a] = m;
            return to.every((a) => byAddress[a]) ? byAddress : undefined;
        }, ms),
        answer: (link: string, decision: 'approve' | 'decline', reason?: string) =>
            h.call('POST', new URL(link).pathname, { decision, ...(reason ? { reason } : {}) }, { accept: 'application/json' }),
        /** Partner Center's overage record for the customer, as the simulated cloud holds it. */
        pcOverage: async (customer: string) => (await h.call('GET', `/simulator/customers/${customer}`)).json.overage.find((i: any) => i.type === 'PhoneServices'),
        /** A partner changes overage itself (in the portal, say): straight at the simulated Partner Center. */
        pcSetOverage: async (agent: AgentName, customer: string, update: { azureEntitlementId: string | null; overageEnabled: boolean }) => {
            const token = (await h.call('POST', '/simulator/token', { ...AGENTS[agent], audience: 'https://api.partnercenter.microsoft.com' })).json.access_token;
            return h.call('PUT', `/simulator/partnercenter/v1/customers/${customer}/subscriptions/overage`, update, { authorization: `Bearer ${token}` });
        },
        /** Successful overage writes at Partner Center since `seq`, in the order they were answered. */
        overageWrites: async (seq: number): Promise<string[]> => {
            const { entries } = (await h.call('GET', `/simulator/log?since=${seq}`)).json;
            return entries.filter((e: any) => e.method === 'PUT' && /subscriptions\/overage$/.test(e.path) && e.status < 300).map((e: any) => e.partner);
        },
        logSeq: async (): Promise<number> => {
            const { entries } = (await h.call('GET', '/simulator/log')).json;
            return entries.length ? entries[entries.length - 1].seq : 0;
        },
    };
}

/** The handover a link is for, read from its token's payload (as anyone holding the mail could). */
export function handoverOfLink(link: string): string {
    const token = link.split('/api/approvals/')[1];
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).hid;
}

// What the request queues share: the requesting agent, carried as application
// properties (`partnerId`, `agentUpn`, `agentRoles` comma-separated), and a
// body that may arrive as JSON text.
import { z } from 'zod';
import { Caller } from '../shared/domain/partner';

export const QueuedAgent = z.object({
    partnerId: z.string().min(1),
    agentUpn: z.email(),
    agentRoles: z.string().transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean)),
}).transform(({ partnerId, agentUpn, agentRoles }) => ({ partnerId, upn: agentUpn, roles: agentRoles })).pipe(Caller);

export function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

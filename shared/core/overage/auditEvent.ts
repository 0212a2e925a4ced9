// One audit event: a step of a run, who acted, what came of it, and which
// partners may read it (schema only, so orchestrators can name it without the state store).
import { z } from 'zod';

export const AuditEvent = z.object({
    id: z.string(), customerTenantId: z.guid(), runId: z.string(), seq: z.number().int(), at: z.iso.datetime(),
    actor: z.object({ partnerId: z.string(), upn: z.string() }), step: z.string(),
    result: z.enum(['ok', 'refused', 'blocked', 'waiting', 'failed', 'cancelled', 'info']), detail: z.string(),
    viewers: z.array(z.string()).min(1),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

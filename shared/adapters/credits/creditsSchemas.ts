// What the Communications Credits reader returns for a customer. Microsoft
// publishes no partner API for the balance; CREDITS_API_URL points at the
// service that exposes it (the simulator locally).
import { z } from 'zod';
import { CommunicationsCredits } from '../../core/domain/customer';

export const CreditsView = z.object({
    tenantId: z.guid(),
    /** null when the customer never bought Communications Credits. */
    credits: CommunicationsCredits.nullable(),
});
export type CreditsView = z.infer<typeof CreditsView>;

// A party's answer to a handover approval request: the one schema behind the
// approval page's form, the JSON a program posts, and the API document.
import { z } from 'zod';

export const ApprovalAnswer = z.strictObject({
    decision: z.enum(['approve', 'decline']),
    reason: z.string().trim().max(1000).transform((r) => r || undefined).optional(),
});
export type ApprovalAnswer = z.infer<typeof ApprovalAnswer>;

// The body of `PUT /api/partners/{id}/webhook`: where the partner's alerts go,
// and the secret their signature is keyed with (write-only: never shown again).
import { z } from 'zod';

export const WebhookBody = z.strictObject({
    url: z.string().max(2048, 'must be at most 2048 characters'),
    secret: z.string().min(16, 'must be at least 16 characters (a random string: it keys the HMAC-SHA256 signature)').max(256, 'must be at most 256 characters'),
});
export type WebhookBody = z.infer<typeof WebhookBody>;

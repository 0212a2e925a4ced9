// The partner webhook's signature: `X-Signature: sha256=<hex>`, the
// HMAC-SHA256 of the raw request body (the exact bytes sent) keyed with the
// partner's secret. A receiver recomputes it over the bytes it received and
// compares in constant time (README, "Alerts": the recipe).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';
export const DELIVERY_ID_HEADER = 'x-delivery-id';
export const ATTEMPT_HEADER = 'x-delivery-attempt';

export function signatureOf(secret: string, rawBody: string | Buffer): string {
    return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** What a receiver does: true only when `header` is this body's signature with this secret. */
export function verifySignature(secret: string, rawBody: string | Buffer, header: string | null | undefined): boolean {
    if (!header) return false;
    const expected = Buffer.from(signatureOf(secret, rawBody));
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
}

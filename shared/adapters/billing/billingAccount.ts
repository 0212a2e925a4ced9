// A partner's Microsoft Partner Agreement billing account name. In Azure it is
// configured in BILLING_ACCOUNTS (JSON: partner id → account name) or per
// partner in BILLING_ACCOUNT_<partnerId>; the simulator names them after the
// partner id.
import { z } from 'zod';

/** BILLING_ACCOUNTS: JSON text of {"<partner id>": "<billing account name>"} (empty: none). */
export const BillingAccountsConfig = z.string().optional()
    .transform((text, ctx) => {
        if (!text) return {};
        try {
            return JSON.parse(text) as unknown;
        } catch {
            ctx.addIssue({ code: 'custom', message: 'BILLING_ACCOUNTS must be JSON: {"<partner id>": "<MPA billing account name>"}' });
            return z.NEVER;
        }
    })
    .pipe(z.record(z.string().min(1), z.string().min(1)));

export function billingAccountOf(partnerId: string, env: Record<string, string | undefined> = {}): string {
    return BillingAccountsConfig.parse(env.BILLING_ACCOUNTS)[partnerId] ?? env[`BILLING_ACCOUNT_${partnerId}`] ?? `${partnerId}:mpa`;
}

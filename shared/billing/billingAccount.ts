// A partner's Microsoft Partner Agreement billing account name. In Azure it is
// configured in BILLING_ACCOUNTS (JSON: partner id → account name) or per
// partner in BILLING_ACCOUNT_<partnerId>; the simulator names them after the
// partner id.
import { z } from 'zod';

export const BillingAccounts = z.record(z.string().min(1), z.string().min(1));

export function billingAccountOf(partnerId: string, env: Record<string, string | undefined> = {}): string {
    const listed = env.BILLING_ACCOUNTS ? BillingAccounts.parse(JSON.parse(env.BILLING_ACCOUNTS))[partnerId] : undefined;
    return listed ?? env[`BILLING_ACCOUNT_${partnerId}`] ?? `${partnerId}:mpa`;
}

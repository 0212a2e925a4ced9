// A partner's Microsoft Partner Agreement billing account name. In Azure it is
// configured per partner (BILLING_ACCOUNT_<partnerId>); the simulator names
// them after the partner id.
export function billingAccountOf(partnerId: string, env: Record<string, string | undefined> = {}): string {
    return env[`BILLING_ACCOUNT_${partnerId}`] ?? `${partnerId}:mpa`;
}

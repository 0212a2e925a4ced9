// Where the overage lifecycle keeps its business state (Cosmos containers,
// partitioned by customer tenant unless said otherwise).
export const CONTAINERS = {
    /** One document per step of every run: the audit trail. */
    audit: 'overage-audit',
    /** The recorded overage setting per customer and service (id = service), with its ETag. */
    settings: 'overage-settings',
    /** The run currently or last handling a customer and service for a partner (id = service:partner). */
    runs: 'overage-runs',
    /** Idempotency keys of start requests (partition = partner id). */
    idempotency: 'overage-idempotency',
    /** Mails already sent, so a retried activity does not send twice (id = run + kind). */
    notifications: 'overage-notifications',
} as const;

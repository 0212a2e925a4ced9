// Where the overage lifecycle keeps its business state (Cosmos containers,
// partitioned by customer tenant unless said otherwise).
export const CONTAINERS = {
    /** One document per step of every run: the audit trail. */
    audit: 'overage-audit',
    /** The recorded overage setting per customer and service (id = service), with its ETag. */
    settings: 'overage-settings',
    /** One document per lifecycle run (id = run id = Durable instance id). */
    runs: 'overage-runs',
    /** The run that holds a customer and service now (id = service): at most one at a time, settled by ETag. */
    runLocks: 'overage-run-locks',
    /** Idempotency keys of start requests, hashed (partition = partner id). */
    idempotency: 'overage-idempotency',
    /** Mails already sent, so a retried activity does not send twice (id = run + kind). */
    notifications: 'overage-notifications',
    /** One document per partner handover (id = its run id), kept current by the run. */
    handovers: 'overage-handovers',
    /** Every setting the app recorded, with its time (id = `<service>:<at>:<run>`): what was in force when, for the accrual. */
    settingHistory: 'overage-setting-history',
    /** Approval links already used (id = the link's token id): each answers once. */
    approvalTokens: 'overage-approval-tokens',
} as const;

// Every container the app keeps state in, in one place: the state stores
// refuse any other name, and the deployment (infra/) provisions exactly these,
// since in Azure the app's identity may read and write but not create them.
// Partitioned by customer tenant unless said otherwise.
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
    /** What a partner sees of a customer's overage, kept by runs and the sync timer (id = service). */
    readModel: 'overage-read-model',
    /** When a partner last refreshed a customer live from Partner Center (partition = partner, id = customer). */
    refreshLimits: 'overage-refresh-limits',
    /** Usage rows in batches of a customer, day and import (see usage/usageStore.ts). */
    usageBatches: 'usage-batches',
    /** One document per usage import: staged, then committed by one write. */
    usageImports: 'usage-imports',
    /** Which months of a customer have committed usage. */
    usageMonths: 'usage-months',
    /** Usage pulled from Microsoft Graph: one document per customer (id = `pstn`), its cursor and its usage state. */
    usagePulls: 'usage-pulls',
    /** Published per-minute rate cards (one partition). */
    rateCards: 'rate-cards',
    /** Each customer-month's accrual, as last rated (id = month). */
    accruals: 'accruals',
    /** Which customers' accruals have lines of a partner (partition = `<month>:<partner>`). */
    accrualPartners: 'accrual-partners',
    /** Communications Credits balances as read when a month is rated (id = month). */
    creditsSnapshots: 'credits-snapshots',
    /** Every customer's readiness as each partner sees it (partition = partner id, id = `<customer>:<service>`; `generation` marks a change). */
    readiness: 'fleet-readiness',
    /** Bulk enablement jobs (partition = partner id, id = job id). */
    jobs: 'fleet-jobs',
    /** One document per customer of a job once it starts (partition = job id, id = customer tenant id). */
    jobItems: 'fleet-job-items',
    /** A partner's alert thresholds for a customer (id = partner id). */
    alertThresholds: 'alert-thresholds',
    /** Alerts fired (partition = partner id, id = `<customer>:<month>:<threshold>`): each fires once. */
    alerts: 'usage-alerts',
    /** A partner's webhook, its secret included (partition = partner id, id = `webhook`). */
    webhooks: 'partner-webhooks',
    /** Every webhook attempt's outcome (partition = partner id, id = `<delivery id>:<attempt>`). */
    webhookDeliveries: 'webhook-deliveries',
} as const;

export type ContainerName = (typeof CONTAINERS)[keyof typeof CONTAINERS];

/** The key path of every container. */
export const PARTITION_KEY_PATH = '/pk';

const KNOWN = new Set<string>(Object.values(CONTAINERS));

export function isKnownContainer(name: string): boolean {
    return KNOWN.has(name);
}

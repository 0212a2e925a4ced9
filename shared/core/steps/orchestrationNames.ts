// Every orchestration's name, once: what orchestrations/ registers under
// (df.app.orchestration) and what functions/ and shared/features/ start
// (client.startNew) and prefix run ids with. A renamed orchestration is then
// one edit, and test/architecture/stepImplementations.test.ts checks that each
// name here is registered exactly once and spelled nowhere else.
export const ORCHESTRATIONS = {
    enable: 'enableOverage',
    disable: 'disableOverage',
    handover: 'partnerHandover',
    accrual: 'monthlyAccrual',
    /** A bulk enablement job: one enablement run per customer of a partner's selection. */
    job: 'enablementJob',
    /** The daily pull of every known customer's usage from Microsoft Graph. */
    usagePull: 'usagePull',
    /** After usage was imported or pulled: which alert thresholds the customer's month crossed (issue 22). */
    alertEvaluation: 'usageAlerts',
    /** One partner's alerts of one evaluation: its mails, then its webhook, tried again within a budget. */
    alertDelivery: 'alertDelivery',
} as const;

export type OrchestrationName = (typeof ORCHESTRATIONS)[keyof typeof ORCHESTRATIONS];

// The shapes of the app's HTTP answers that have no other zod schema: the run
// and handover resources, problem details, and the small collections. The
// endpoints type what they return with these, and the OpenAPI document
// (shared/features/api/openapiDocument.ts) is generated from them: one source for both.
import { z } from 'zod';
import { READINESS_STATES, type ReadinessState } from '../../core/domain/rules/readiness';
import { FleetForecast, FleetUsage, ReadinessDoc, USAGE_STATES } from '../readiness/readinessDoc';
import { Blocker, Warning } from '../../core/domain/findings';
import { OverageCollection } from '../../core/domain/partnerCenter';
import { ReconciliationLine, AccrualResult } from '../../core/rating/ratingModel';
import { AuditEvent } from '../../core/overage/auditEvent';
import { Handover, HandoverParty } from '../../core/domain/rules/handover';
import { ItemOutcome, JobCounts, JobOptions } from '../../core/steps/jobSteps';
import { ReadinessFilter } from '../readiness/readinessStore';
import { CommunicationsCredits } from '../../core/domain/customer';
import { EnablementBody } from '../../core/overage/enablement';
import { HandoverBody, HandoverStatus } from '../../core/handover/handoverSchemas';
import { HandoverDecision } from '../../core/domain/rules/handover';
import { AccrualOutcome } from '../../core/steps/accrualInput';
import { ReadModelDoc } from '../readModel/readModel';
import { AlertFigures, AlertThresholds, ThresholdKind } from '../../core/alerts/alertThresholds';
import { OverageActions } from '../../core/domain/rules/actions';
import { OVERAGE_ACTIONS_EXAMPLE } from './namesSchemas';

const Url = z.string();
const DateTime = z.string();

/**
 * RFC 9457 problem details with the app's stable `code` and what to do about it. The one open
 * object of the document: RFC 9457 lets a problem carry extension members, and some codes do
 * (`bad-rows` the import's report, `run-in-progress` the run's link).
 */
export const Problem = z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    remedy: z.string().optional(),
    /** What is wrong, field by field (a body's `path`) or row by row (a CSV's `line` and `column`). */
    issues: z.array(z.object({
        path: z.string().optional(), line: z.number().int().optional(), column: z.string().nullable().optional(), message: z.string().optional(), reason: z.string().optional(),
    })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** A problem's `title` by status (RFC 9110's reason phrases): the answers and the document's examples say the same. */
export const PROBLEM_TITLES: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
    500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** A lifecycle run as partners see it (functions/http/runResource.ts). */
export const RunResource = z.object({
    id: z.string(),
    customerTenantId: z.string(),
    partnerId: z.string(),
    partnerName: z.string().nullable().describe('The company name of the partner that ran it; null when this deployment cannot read it.'),
    requestedBy: z.string(),
    kind: z.enum(['enable', 'disable', 'handover']),
    service: z.string(),
    status: z.enum(['running', 'completed', 'failed', 'cancelled']),
    step: z.string(),
    /** While it runs: its step's place among its kind's steps (shared/core/overage/runSteps.ts), for "step 3 of 9". */
    progress: z.object({ step: z.number().int().min(1), of: z.number().int().min(1) }).optional(),
    waitingFor: z.string().optional(),
    until: z.string().optional(),
    /** How long it has run (until its end, once ended), on the app's clock: a browser's clock may stand elsewhere. */
    elapsedMs: z.number().int().min(0),
    /** What the run was asked: an enablement's body (a job's run names its job), a disable's reseller, a handover's body. */
    request: z.union([EnablementBody.extend({ jobId: z.string().optional() }), HandoverBody, z.strictObject({ resellerPartnerId: z.string().optional() })]),
    toPartnerName: z.string().nullable().describe('A handover\'s new partner (`request.toPartnerId`) by company name; null for other runs, or when it cannot be read.'),
    resellerPartnerName: z.string().nullable().describe('Two-tier: the reseller the run acted for (`request.resellerPartnerId`) by company name; null otherwise.'),
    result: z.string().optional(),
    azureEntitlementId: z.string().nullable().optional(),
    azureSubscriptionName: z.string().nullable().describe('The friendly name of the Azure subscription the run charged or was asked for, where the caller\'s partner bills it; null otherwise (a new one not yet made, another partner\'s).'),
    blockers: z.array(Blocker).optional(),
    warnings: z.array(Warning).optional(),
    postpaidActive: z.boolean().optional(),
    error: z.object({ code: z.string(), detail: z.string(), remedy: z.string().optional() }).optional(),
    cancelledBy: z.string().optional(),
    startedAt: DateTime,
    endedAt: DateTime.optional(),
    links: z.object({ self: Url, audit: Url, diagnostics: Url }),
    /** Operators only (the host's system key): the Durable management URLs. */
    management: z.object({
        id: z.string(), statusQueryGetUri: Url, sendEventPostUri: Url, terminatePostUri: Url, rewindPostUri: Url, purgeHistoryDeleteUri: Url, suspendPostUri: Url, resumePostUri: Url,
        /** The local host's Durable runtime names restart too; Azure's may not. */
        restartPostUri: Url.optional(),
    }).optional(),
    /** On the answer to a start: whether the request joined a running run. */
    joined: z.boolean().optional(),
});
export type RunResource = z.infer<typeof RunResource>;

export const RunList = z.object({ customerTenantId: z.string(), totalCount: z.number().int(), items: z.array(RunResource) });

const PartyView = z.object({
    partnerId: z.string(), name: z.string(), served: z.boolean(),
    /** Only for a partner the deployment does not serve: where its mail went, as the requesting partner gave it. */
    contact: z.string().optional(), contactGivenBy: z.string().optional(),
});

/** A handover as its two partners see it (functions/http/handoverResource.ts). */
export const HandoverResource = z.object({
    id: z.string(),
    customerTenantId: z.string(),
    service: z.string(),
    status: HandoverStatus,
    fromPartnerId: z.string(),
    fromPartnerName: z.string().describe('The current partner\'s company name, as the handover recorded it when it started.'),
    toPartnerId: z.string(),
    toPartnerName: z.string().describe('The new partner\'s company name, as the handover recorded it when it started.'),
    azureEntitlementId: z.string(),
    azureSubscriptionName: z.string().nullable().describe('The friendly name of that subscription, where the caller\'s partner is the new partner and it already exists; null otherwise (`new`, or another partner\'s).'),
    subscriptionName: z.string().optional(),
    requestedBy: z.object({ partnerId: z.string(), upn: z.string() }),
    requestedAt: DateTime,
    expiresAt: DateTime,
    parties: z.object({ currentPartner: PartyView, newPartner: PartyView, customer: z.object({ tenantId: z.string(), name: z.string() }) }),
    decisions: Handover.shape.decisions,
    reminders: z.array(z.object({ at: DateTime, parties: z.array(HandoverParty) })),
    cancelled: z.object({ at: DateTime, by: z.string() }).optional(),
    noneSetAt: DateTime.optional(),
    completedAt: DateTime.optional(),
    outcome: z.object({ at: DateTime, detail: z.string(), remedy: z.string().optional() }).optional(),
    steps: z.array(z.object({ at: DateTime, step: z.string(), result: z.string(), detail: z.string() })).optional(),
    links: z.object({ self: Url, run: Url, audit: Url }),
    joined: z.boolean().optional(),
});
export type HandoverResource = z.infer<typeof HandoverResource>;

export const HandoverList = z.object({ customerTenantId: z.string(), totalCount: z.number().int(), items: z.array(HandoverResource) });

export const AuditTrail = z.object({ customerTenantId: z.string(), totalCount: z.number().int(), items: z.array(AuditEvent.omit({ viewers: true })) });

/** Partner Center's collection shape (GET /api/v1/customers/{id}/subscriptions/overage). */
export const PartnerCenterOverage = OverageCollection;

/** Who pays for a call beyond the included minutes, as the credits rule decides (shared/core/domain/rules/credits.ts). */
const Payer = z.enum(['communicationsCredits', 'overage', 'nothing']);

/** Where an answer was read: the read model, Partner Center live, or (a limited live read) the last reading. */
const ServedFrom = z.enum(['read-model', 'partner-center', 'cache']);

export const OverageStatus = z.object({
    customerTenantId: z.string(),
    service: z.string(),
    overageEnabled: z.boolean(),
    ownerPartnerId: z.string().nullable(),
    ownerPartnerName: z.string().nullable().describe('The owner\'s company name at Partner Center; null when this deployment cannot read it.'),
    reseller: z.object({ partnerId: z.string(), name: z.string().nullable() }).nullable()
        .describe('Two-tier: the indirect reseller the customer was sold through, for whom the caller\'s partner (its indirect provider) acts; enable and switch-off name it (`resellerPartnerId`; Partner Center\'s `partnerId`). Null otherwise, or before the fleet has assessed the customer.'),
    azureEntitlementId: z.string().nullable(),
    /** The Communications Credits (a zero balance without currency when the customer never had any) and what they mean for the next call. */
    credits: CommunicationsCredits.extend({
        currency: CommunicationsCredits.shape.currency.nullable(),
        postpaidActive: z.boolean(),
        payer: Payer,
        warnings: z.array(Warning),
        blockers: z.array(Blocker),
    }),
    azureSubscriptionName: z.string().nullable().describe('The friendly name of that Azure subscription, when the caller\'s partner owns it.'),
    actions: OverageActions.meta({ examples: [OVERAGE_ACTIONS_EXAMPLE] }).describe('What the caller may do now, decided by the rules the runs apply; each refusal with the code the API would answer.'),
    lastRun: RunResource.nullable(),
    asOf: DateTime,
    servedFrom: ServedFrom,
    links: z.object({ runs: Url, audit: Url, diagnostics: Url }),
});
export type OverageStatus = z.infer<typeof OverageStatus>;

/** The caller's partner's customers from the read model (GET /api/customers). */
export const CustomerList = z.object({
    items: z.array(ReadModelDoc.pick({ customerTenantId: true, name: true, payerNow: true, postpaidActive: true, asOf: true }).extend({
        overage: z.object({ enabled: z.boolean(), partnerId: z.string(), partnerName: z.string().nullable().describe('The company name of that partner.'), azureEntitlementId: z.string().nullable() }).nullable(),
    })),
    continuationToken: z.string().nullable(),
});
export type CustomerList = z.infer<typeof CustomerList>;

/** One row of the fleet view (GET /api/readiness): a customer and service as the caller's partner sees it. */
const ReadinessRow = ReadinessDoc.omit({ id: true, partnerId: true, source: true, forecast: true }).extend({
    lastRun: ReadinessDoc.shape.lastRun.unwrap().extend({ href: Url }).nullable(),
    overage: ReadinessDoc.shape.overage.unwrap().extend({ partnerName: z.string().nullable().describe('The company name of that partner (its legal business profile).') }).nullable(),
    /** The usage pull's state; consent-missing and failed say what to do (consent-missing: Entra's admin consent page, null when the deployment names no app). */
    usage: FleetUsage.extend({ remedy: z.string().optional(), adminConsentUrl: z.string().nullable().optional(), href: Url }),
    /** The forecast of this month's overage (the caller's partner's), as the last usage import or pull of the customer left it; null: no usage imported this month. */
    forecastOverage: FleetForecast.nullable(),
});
export const ReadinessPage = z.object({
    items: z.array(ReadinessRow),
    /** The whole fleet's count per state, whatever the filter. */
    counts: z.object({ ...Object.fromEntries(READINESS_STATES.map((s) => [s, z.number().int()])) as Record<ReadinessState, z.ZodNumber>, total: z.number().int() }),
    /** The whole fleet's count of customers with each blocker code present. */
    blockerCounts: z.record(z.string(), z.number().int()),
    /** The whole fleet's count per usage pull state. */
    usageCounts: z.object(Object.fromEntries(USAGE_STATES.map((s) => [s, z.number().int()])) as Record<(typeof USAGE_STATES)[number], z.ZodNumber>),
    /** How many rows the filter matched. */
    matched: z.number().int(),
    /** The latest assessment among the fleet's rows; null before the first sync. */
    asOf: DateTime.nullable(),
    continuationToken: z.string().nullable(),
});

/** A bad row of an import (the first 100 by line); `column` is null when the whole record is malformed. */
const BadRowListed = z.object({ line: z.number().int(), column: z.string().nullable(), reason: z.string() });

const PullCounts = z.object({ rowsRead: z.number().int(), accepted: z.number().int(), duplicates: z.number().int(), free: z.number().int(), badRows: z.number().int() });
const Span = z.object({ from: DateTime, to: DateTime });

/** A customer's usage as the last pull from Microsoft Graph left it (shared/features/usage/pull/usageStateView.ts). */
export const UsageState = z.object({
    customerTenantId: z.string(),
    state: z.enum(['ok', 'consent-missing', 'failed', 'not-pulled']),
    /** Every call that started before this instant is in. */
    lastPulledThrough: DateTime.nullable(),
    checkedAt: DateTime.nullable(),
    lastPull: Span.extend({ counts: PullCounts }).nullable(),
    detail: z.string().optional(),
    remedy: z.string().optional(),
    /** consent-missing: Entra's admin consent page for the app in the customer's tenant (null when the deployment names no app). */
    adminConsentUrl: z.string().nullable().optional(),
    fault: z.object({ code: z.string(), detail: z.string(), remedy: z.string(), retryAfterSeconds: z.number().int().optional() }).optional(),
    actions: z.array(z.object({ name: z.enum(['pull', 'request-consent']), method: z.literal('POST'), href: Url })),
});

/** A pull's answer: the upload's report (UsageImportReport), plus the span pulled, each window's import and the cursor. */
export const UsagePullReport = PullCounts.extend({
    customerTenantId: z.string(),
    state: z.enum(['ok', 'consent-missing', 'failed']),
    mode: z.literal('all-or-nothing'),
    badRowsListed: z.array(BadRowListed),
    months: z.array(z.string()),
    /** Whether every window was imported. */
    committed: z.boolean(),
    /** The span asked for; null when the cursor was at yesterday 24:00 already. */
    window: Span.nullable(),
    cursor: z.object({ before: DateTime.nullable(), after: DateTime.nullable() }),
    windows: z.array(Span.extend({ importId: z.string(), counts: PullCounts, committed: z.boolean() })),
    usage: UsageState,
});

/** What Partner Center granted a Control Panel Vendor's app in the customer's tenant. */
export const UsageConsent = z.object({
    customerTenantId: z.string(),
    applicationId: z.string(),
    permission: z.string(),
    /** `already`: Partner Center answered that the app held that consent. */
    granted: z.enum(['now', 'already']),
    requestedBy: z.string(),
    links: z.object({ pull: Url, usage: Url }),
});

/** Would a call beyond the included minutes go through now, who pays, and every reason it would not (functions/overageDiagnostics.ts). */
export const Diagnostics = z.object({
    customerTenantId: z.string(),
    service: z.string(),
    outboundBeyondIncludedMinutes: z.enum(['allowed', 'refused']),
    payer: Payer,
    postpaidActive: z.boolean(),
    /** The refusal itself (`outbound-calls-refused`) first when nobody pays, then every blocker. */
    reasons: z.array(z.union([Blocker, z.object({ code: z.literal('outbound-calls-refused'), detail: z.string(), remedy: z.string() })])),
    warnings: z.array(Warning),
    usage: UsageState,
    asOf: DateTime,
    servedFrom: ServedFrom,
});
export type Diagnostics = z.infer<typeof Diagnostics>;

const Check = z.object({ status: z.enum(['ready', 'unavailable']), detail: z.string().optional(), ms: z.number() });
export const Health = z.object({ status: z.enum(['healthy', 'unhealthy']), checks: z.object({ store: Check, queue: Check, durable: Check }) });

export const StoredRate = z.object({
    meterId: z.string(), meterName: z.string(), meterCategory: z.string(), destination: z.string(), perMinute: z.string(), connectionFee: z.string(),
});
export const RateCardList = z.object({
    totalCount: z.number().int(),
    cards: z.array(z.object({ currency: z.string(), effectiveFrom: z.string(), rateCount: z.number().int(), rates: z.array(StoredRate) })),
});
export const RatesStored = z.object({ cards: z.array(z.object({ currency: z.string(), effectiveFrom: z.string(), rateCount: z.number().int(), replaced: z.boolean() })) });

/** An upload's report (shared/features/usage/importUsage.ts): rowsRead = accepted + duplicates + free + badRows. */
export const UsageImportReport = PullCounts.extend({
    customerTenantId: z.string(),
    importId: z.string(),
    mode: z.enum(['all-or-nothing', 'skip-bad-rows']),
    badRowsListed: z.array(BadRowListed),
    months: z.array(z.string()),
    committed: z.boolean(),
});

const AccrualLinks = z.object({ self: Url });
export const AccrualProgress = z.object({
    id: z.string(),
    month: z.string(),
    scope: z.string(),
    status: z.enum(['running', 'completed', 'failed', 'cancelled']),
    done: z.number().int(),
    total: z.number().int().nullable(),
    /** Once completed: the customers rated, those incomplete or failed, and the partners with lines. */
    outcome: AccrualOutcome.optional(),
    links: AccrualLinks,
});
export type AccrualProgress = z.infer<typeof AccrualProgress>;

/** The customer's month (GET /api/customers/{id}/accruals/{month}): the stored result without its internals. */
/** GET .../accruals/current: the month so far and its forecast (issue 22). */
export { MonthToDate } from '../../core/forecast/monthToDate';

export const CustomerAccrual = AccrualResult.omit({ partnerWarnings: true }).extend({ ratedAt: DateTime.optional(), lines: z.array(ReconciliationLine) });

/** GET /api/customers/{id}/accruals: the months rated for the customer, newest first, each with the caller's partner's own overage and lines. */
export const CustomerAccrualList = z.object({
    customerTenantId: z.string(),
    items: z.array(z.object({
        month: z.string(),
        status: z.enum(['complete', 'incomplete']),
        ratedAt: DateTime.optional(),
        currency: z.string(),
        overageAmount: z.string().describe('The caller\'s partner\'s lines of the month, summed (4 decimals).'),
        lines: z.number().int().describe('How many reconciliation lines of the caller\'s partner the month holds.'),
        href: Url,
    }).strict()),
}).strict();
export type CustomerAccrualList = z.infer<typeof CustomerAccrualList>;

const PartnerNamed = z.object({ partnerId: z.string(), name: z.string() });

/** What an approval link shows its party (functions/http/approvalView.ts), and whether its answer is still being processed. */
export const ApprovalView = z.object({
    handoverId: z.string(),
    party: HandoverParty,
    partyLabel: z.string(),
    partyName: z.string(),
    customer: z.object({ tenantId: z.string(), name: z.string() }),
    service: z.string(),
    serviceLabel: z.string(),
    requestedBy: z.object({ upn: z.string(), partnerId: z.string(), partnerName: z.string().nullable() }),
    requestedAt: DateTime,
    from: PartnerNamed,
    to: PartnerNamed,
    /** Where the new partner's overage charges will go. */
    chargesTo: z.union([
        z.object({ kind: z.literal('existing'), azureEntitlementId: z.string() }),
        z.object({ kind: z.literal('new'), subscriptionName: z.string().nullable() }),
    ]),
    expiresAt: DateTime,
    status: HandoverStatus,
    decision: HandoverDecision.nullable(),
    awaiting: z.array(HandoverParty),
    outcome: z.object({ detail: z.string(), remedy: z.string().optional() }).nullable(),
    canAnswer: z.boolean(),
    answerPending: z.boolean(),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

/** The answer to a party's approve or decline: `recorded` once the run has it (200), `received` before (202). */
export const ApprovalOutcome = z.object({
    state: z.enum(['recorded', 'received']),
    title: z.string(),
    detail: z.string(),
    handoverId: z.string(),
    party: HandoverParty,
    decision: z.enum(['approve', 'decline']),
    recorded: HandoverDecision.nullable(),
    handover: z.object({ status: HandoverStatus, awaiting: z.array(HandoverParty), expiresAt: DateTime }),
});
export type ApprovalOutcome = z.infer<typeof ApprovalOutcome>;

/** What a job's runs are asked, with the filter it chose by or how many customers were named. */
const JobRequest = JobOptions.extend({ filter: ReadinessFilter.optional(), customers: z.number().int().optional() });

/** A bulk enablement job (functions/http/jobResource.ts): its counts per outcome, kept current while it runs. */
export const JobResource = z.object({
    id: z.string(),
    kind: z.literal('enablement'),
    status: z.enum(['queued', 'running', 'completed', 'cancelling', 'cancelled', 'failed']),
    /** Customers in the job, those refused at once included. */
    total: z.number().int(),
    counts: JobCounts,
    /** The options each customer's run is asked, and the filter (or how many customers were named). */
    request: JobRequest,
    requestedBy: z.string(),
    startedAt: DateTime,
    endedAt: DateTime.nullable(),
    cancelled: z.object({ at: DateTime, by: z.string() }).optional(),
    /** A job that failed on a fault of its own (not of a customer's run): what happened. */
    error: z.string().optional(),
    links: z.object({ self: Url, items: Url }),
    /** On the answer to a POST: whether it found the job an earlier request with the same Idempotency-Key made. */
    joined: z.boolean().optional(),
});
export type JobResource = z.infer<typeof JobResource>;

export const JobList = z.object({ totalCount: z.number().int(), items: z.array(JobResource) });

/** One customer of a job, in the job's order. */
export const JobItem = z.object({
    customerTenantId: z.string(),
    name: z.string().nullable(),
    outcome: ItemOutcome,
    run: z.object({ id: z.string(), href: Url }).nullable(),
    /** The blockers' (or warnings') codes, the skip reason, the fault. */
    detail: z.string().nullable(),
    at: DateTime,
});
export type JobItem = z.infer<typeof JobItem>;
export const JobItemList = z.object({ jobId: z.string(), items: z.array(JobItem), continuationToken: z.string().nullable() });

// --- alerts (issue 22): thresholds, what fired, the partner's webhook and its deliveries ---

/** A partner's alert thresholds for a customer (GET/PUT /api/customers/{id}/alerts); unset: never set. */
export const AlertSettings = AlertThresholds.extend({
    customerTenantId: z.string(),
    updatedAt: DateTime.nullable(),
    updatedBy: z.string().nullable(),
});

/** One alert that fired: once per customer, month and threshold. */
export const FiredAlert = z.strictObject({
    id: z.string(),
    partnerId: z.string(),
    customerTenantId: z.string(),
    month: z.string(),
    threshold: ThresholdKind,
    firedAt: DateTime,
    figures: AlertFigures,
    mailCustomerAdmin: z.boolean(),
    evaluationId: z.string(),
});
export const AlertList = z.strictObject({ partnerId: z.string(), month: z.string(), alerts: z.array(FiredAlert) });

/** The partner's webhook, without its secret. */
export const PartnerWebhook = z.strictObject({
    partnerId: z.string(),
    url: z.string().nullable(),
    secretSet: z.boolean(),
    updatedAt: DateTime.nullable(),
    updatedBy: z.string().nullable(),
});

export const WebhookDeliveryAttempt = z.strictObject({
    deliveryId: z.string(),
    attempt: z.number().int(),
    partnerId: z.string(),
    customerTenantId: z.string(),
    alertIds: z.array(z.string()),
    url: z.string(),
    at: DateTime,
    outcome: z.enum(['delivered', 'refused', 'failed']),
    status: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    nextAttemptAt: DateTime.nullable(),
});
export const WebhookDeliveryList = z.strictObject({ partnerId: z.string(), items: z.array(WebhookDeliveryAttempt) });

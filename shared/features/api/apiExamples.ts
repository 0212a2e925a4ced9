// One example per answer and request body of the OpenAPI document, in the demo
// world's names (simulator/worlds/demo.json): Contoso Telecom (1001) enabling
// overage for Fabrikam, Litware Voice (1002) handing Trey Research over. The API
// reference shows these instead of values made up from the schemas, and the
// tests check each against its schema, so an example cannot drift from the answer.
import { readinessCsvRow, READINESS_COLUMNS } from '../readiness/readinessColumns';
import { RECONCILIATION_COLUMNS } from '../../core/rating/ratingModel';

const ORIGIN = 'https://telco-overage.example';
const FABRIKAM = '10000000-0000-4000-8000-000000000001';
const TREY = '10000000-0000-4000-8000-000000000006';
const FABRIKAM_PRODUCTION = '30000000-0000-4000-8000-000000000002';
const TREY_SUBSCRIPTION = '30000000-0000-4000-8000-000000000006';
const RUN_ID = `enableOverage-${FABRIKAM}-4f1c2a9e7b30`;
const HANDOVER_ID = `partnerHandover-${TREY}-9b2e61d0c4a7`;
const JOB_ID = 'enablementJob-1001-7d3a90c1e2f4';
const ACCRUAL_ID = 'monthlyAccrual-2026-11-1001-0c5e8a7b1d2f';
const customer = (id: string) => `${ORIGIN}/api/customers/${id}`;

const RunResource = {
    id: RUN_ID, customerTenantId: FABRIKAM, partnerId: '1001', partnerName: 'Contoso Telecom', requestedBy: 'admin@contoso-telecom.example', kind: 'enable', service: 'PhoneServices',
    status: 'completed', step: 'done', elapsedMs: 29422, request: { service: 'PhoneServices', azureEntitlementId: FABRIKAM_PRODUCTION }, toPartnerName: null, resellerPartnerName: null, result: 'enabled',
    azureEntitlementId: FABRIKAM_PRODUCTION, azureSubscriptionName: 'Fabrikam Production', warnings: [], postpaidActive: true, startedAt: '2026-11-03T09:14:02.118Z', endedAt: '2026-11-03T09:14:31.540Z',
    links: {
        self: `${customer(FABRIKAM)}/overage/runs/${RUN_ID}`,
        audit: `${customer(FABRIKAM)}/overage/audit?runId=${RUN_ID}`,
        diagnostics: `${customer(FABRIKAM)}/overage/diagnostics`,
    },
};

const UsageState = {
    customerTenantId: FABRIKAM, state: 'ok', lastPulledThrough: '2026-11-30T00:00:00.000Z', checkedAt: '2026-11-30T02:00:11.204Z',
    lastPull: { from: '2026-11-29T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z', counts: { rowsRead: 212, accepted: 187, duplicates: 0, free: 25, badRows: 0 } },
    actions: [{ name: 'pull', method: 'POST', href: `${customer(FABRIKAM)}/usage/pull` }],
};

const HandoverResource = {
    id: HANDOVER_ID, customerTenantId: TREY, service: 'PhoneServices', status: 'awaiting-approvals',
    fromPartnerId: '1002', fromPartnerName: 'Litware Voice', toPartnerId: '1001', toPartnerName: 'Contoso Telecom',
    azureEntitlementId: TREY_SUBSCRIPTION, azureSubscriptionName: 'Subscription 1', requestedBy: { partnerId: '1001', upn: 'admin@contoso-telecom.example' },
    requestedAt: '2026-11-10T08:30:00.000Z', expiresAt: '2026-11-24T08:30:00.000Z',
    parties: {
        currentPartner: { partnerId: '1002', name: 'Litware Voice', served: true },
        newPartner: { partnerId: '1001', name: 'Contoso Telecom', served: true },
        customer: { tenantId: TREY, name: 'Trey Research' },
    },
    decisions: { currentPartner: null, newPartner: { decision: 'approved', at: '2026-11-10T08:41:12.000Z', by: 'admin@contoso-telecom.example' }, customer: null },
    reminders: [],
    links: { self: `${customer(TREY)}/overage/handovers/${HANDOVER_ID}`, run: `${customer(TREY)}/overage/runs/${HANDOVER_ID}`, audit: `${customer(TREY)}/overage/audit?runId=${HANDOVER_ID}` },
};

const JobResource = {
    id: JOB_ID, kind: 'enablement', status: 'running', total: 3, counts: { queued: 1, running: 1, enabled: 1, blocked: 0, refused: 0, failed: 0, skipped: 0 },
    request: { service: 'PhoneServices', azureEntitlementId: 'new', filter: { state: 'ready' } }, requestedBy: 'admin@contoso-telecom.example',
    startedAt: '2026-11-12T10:00:00.000Z', endedAt: null, links: { self: `${ORIGIN}/api/jobs/${JOB_ID}`, items: `${ORIGIN}/api/jobs/${JOB_ID}/items` },
};

const ReadinessRow = {
    customerTenantId: FABRIKAM, service: 'PhoneServices', name: 'Fabrikam', reseller: null, state: 'ready', blockers: [], payerNow: 'nobody', postpaidActive: false,
    overage: null, lastRun: null, assessedAt: '2026-11-12T06:00:04.310Z',
    usage: { state: 'ok', lastPulledThrough: '2026-11-12T00:00:00.000Z', checkedAt: '2026-11-12T02:00:09.512Z', href: `${customer(FABRIKAM)}/usage` },
    forecastOverage: { month: '2026-11', currency: 'USD', overageAmount: { expected: '84.0077', low: '56.8244', high: '111.1910' }, asOf: '2026-11-11T17:46:13.903Z', at: '2026-11-12T02:00:12.840Z' },
};

const ReconciliationLine = {
    id: `2026-11-1001-${FABRIKAM}-0001`, PartnerId: '1001', CustomerId: FABRIKAM, CustomerName: 'Fabrikam', ResellerMPNID: '', SubscriptionId: FABRIKAM_PRODUCTION,
    EntitlementId: FABRIKAM_PRODUCTION, ChargeStartDate: '2026-11-01', ChargeEndDate: '2026-11-30', UsageDate: '2026-11-18', MeterCategory: 'Teams Calling',
    MeterSubCategory: 'Domestic', MeterName: 'Calls to Germany', MeterId: '51000000-0000-4000-8000-000000000004', Unit: 'minute', UnitPrice: '0.0280',
    EffectiveUnitPrice: '0.0280', Quantity: '42', BillingPreTaxTotal: '1.1760', BillingCurrency: 'USD', ChargeType: 'usage', PartnerEarnedCreditPercentage: 0,
    ResourceGroup: 'M365', Tags: '',
};

const csvCell = (v: unknown) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csv = (columns: readonly string[], row: Record<string, unknown>) => `${columns.join(',')}\n${columns.map((c) => csvCell(row[c])).join(',')}\n`;

/** Answers, by the name of their schema in the document's components. */
export const ANSWER_EXAMPLES: Record<string, unknown> = {
    RunResource,
    RunList: { customerTenantId: FABRIKAM, totalCount: 1, items: [RunResource] },
    HandoverResource,
    HandoverList: { customerTenantId: TREY, totalCount: 1, items: [HandoverResource] },
    AuditTrail: {
        customerTenantId: FABRIKAM, totalCount: 2,
        items: [
            { id: `${RUN_ID}-0001`, customerTenantId: FABRIKAM, runId: RUN_ID, seq: 1, at: '2026-11-03T09:14:02.300Z', actor: { partnerId: '1001', upn: 'admin@contoso-telecom.example' }, step: 'eligibility', result: 'ok', detail: 'Fabrikam holds Microsoft Teams Phone with Calling Plan (25 licences).' },
            { id: `${RUN_ID}-0002`, customerTenantId: FABRIKAM, runId: RUN_ID, seq: 2, at: '2026-11-03T09:14:31.500Z', actor: { partnerId: '1001', upn: 'admin@contoso-telecom.example' }, step: 'set-overage', result: 'ok', detail: 'Overage is on, charged to Fabrikam Production.' },
        ],
    },
    PartnerCenterOverage: {
        totalCount: 1, attributes: { objectType: 'Collection' },
        items: [{ azureEntitlementId: FABRIKAM_PRODUCTION, partnerId: '1001', type: 'PhoneServices', overageEnabled: true, attributes: { objectType: 'Overage' } }],
    },
    OverageStatus: {
        customerTenantId: FABRIKAM, service: 'PhoneServices', overageEnabled: true, ownerPartnerId: '1001', ownerPartnerName: 'Contoso Telecom', reseller: null, azureEntitlementId: FABRIKAM_PRODUCTION,
        azureSubscriptionName: 'Fabrikam Production',
        actions: {
            enable: { allowed: true }, disable: { allowed: true },
            requestHandover: { allowed: true, direction: 'hand-over', fromPartnerId: null, fromPartnerName: null, label: 'Hand over to another partner' },
            cancelHandover: { allowed: false, reason: { code: 'no-open-handover', detail: 'No handover is open for this customer.' }, handoverId: null },
        },
        credits: { balance: 0, currency: 'EUR', autoRecharge: { enabled: false, threshold: 10, amount: 50 }, postpaidActive: true, payer: 'overage', warnings: [], blockers: [] },
        lastRun: RunResource, asOf: '2026-11-03T09:14:31.540Z', servedFrom: 'read-model',
        links: { runs: `${customer(FABRIKAM)}/overage/runs`, audit: `${customer(FABRIKAM)}/overage/audit`, diagnostics: `${customer(FABRIKAM)}/overage/diagnostics` },
    },
    CustomerList: {
        items: [
            { customerTenantId: FABRIKAM, name: 'Fabrikam', overage: { enabled: true, partnerId: '1001', partnerName: 'Contoso Telecom', azureEntitlementId: FABRIKAM_PRODUCTION }, payerNow: 'overage', postpaidActive: true, asOf: '2026-11-03T09:14:31.540Z' },
            { customerTenantId: '10000000-0000-4000-8000-000000000002', name: 'Woodgrove Bank', overage: null, payerNow: 'nobody', postpaidActive: false, asOf: '2026-11-03T06:00:02.877Z' },
        ],
        continuationToken: null,
    },
    ReadinessPage: {
        items: [ReadinessRow], counts: { on: 4, 'on-credits-first': 1, ready: 3, blocked: 6, 'owned-by-another-partner': 2, 'not-eligible': 1, total: 17 },
        blockerCounts: { 'gdap-missing': 2, 'legacy-entitlement': 1, 'auto-recharge-on': 1 }, usageCounts: { ok: 12, 'consent-missing': 3, failed: 0, 'not-pulled': 2 }, matched: 3, asOf: '2026-11-12T06:00:04.310Z', continuationToken: null,
    },
    Diagnostics: {
        customerTenantId: FABRIKAM, service: 'PhoneServices', outboundBeyondIncludedMinutes: 'refused', payer: 'nothing', postpaidActive: false,
        reasons: [{ code: 'outbound-calls-refused', detail: 'Fabrikam has no overage and no Communications Credits balance: calls beyond the included minutes are refused with an announcement.', remedy: 'Enable overage for this customer, or have the customer buy Communications Credits.' }],
        warnings: [], usage: UsageState, asOf: '2026-11-02T16:20:45.001Z', servedFrom: 'partner-center',
    },
    Health: { status: 'healthy', checks: { store: { status: 'ready', ms: 3 }, queue: { status: 'ready', ms: 5 }, durable: { status: 'ready', ms: 11 } } },
    RateCardList: {
        totalCount: 1,
        cards: [{
            currency: 'USD', effectiveFrom: '2026-01-01', rateCount: 1,
            rates: [{ meterId: '51000000-0000-4000-8000-000000000004', meterName: 'Calls to Germany', meterCategory: 'Teams Calling', destination: 'DE', perMinute: '0.0280', connectionFee: '0' }],
        }],
    },
    RatesStored: { cards: [{ currency: 'USD', effectiveFrom: '2026-01-01', rateCount: 1, replaced: false }] },
    UsageImportReport: {
        customerTenantId: FABRIKAM, importId: 'import-2026-11-18-1001-5a0c', mode: 'all-or-nothing', rowsRead: 212, accepted: 187, duplicates: 0, free: 25, badRows: 0,
        badRowsListed: [], months: ['2026-11'], committed: true,
    },
    UsageState,
    UsagePullReport: {
        customerTenantId: FABRIKAM, state: 'ok', mode: 'all-or-nothing', rowsRead: 212, accepted: 187, duplicates: 0, free: 25, badRows: 0, badRowsListed: [], months: ['2026-11'],
        committed: true, window: { from: '2026-11-29T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' },
        cursor: { before: '2026-11-29T00:00:00.000Z', after: '2026-11-30T00:00:00.000Z' },
        windows: [{ from: '2026-11-29T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z', importId: 'pull-2026-11-29-7e1b', counts: { rowsRead: 212, accepted: 187, duplicates: 0, free: 25, badRows: 0 }, committed: true }],
        usage: UsageState,
    },
    UsageConsent: {
        customerTenantId: FABRIKAM, applicationId: '7c1d3b52-8f0a-4e6b-9d21-5a4f3c2e1b07', permission: 'CallRecords.Read.All', granted: 'now', requestedBy: 'admin@contoso-telecom.example',
        links: { pull: `${customer(FABRIKAM)}/usage/pull`, usage: `${customer(FABRIKAM)}/usage` },
    },
    AccrualProgress: {
        id: ACCRUAL_ID, month: '2026-11', scope: '1001', status: 'completed', done: 12, total: 12,
        outcome: { month: '2026-11', customers: 12, incomplete: [], failed: [], partnerIds: ['1001'] },
        links: { self: `${ORIGIN}/api/accruals/2026-11/jobs/${ACCRUAL_ID}` },
    },
    CustomerAccrualList: {
        customerTenantId: FABRIKAM,
        items: [
            { month: '2026-11', status: 'complete', ratedAt: '2026-12-01T02:10:00Z', currency: 'USD', overageAmount: '12.4000', lines: 3, href: `${ORIGIN}/api/customers/${FABRIKAM}/accruals/2026-11` },
            { month: '2026-10', status: 'complete', ratedAt: '2026-11-01T02:08:00Z', currency: 'USD', overageAmount: '0.0000', lines: 0, href: `${ORIGIN}/api/customers/${FABRIKAM}/accruals/2026-10` },
        ],
    },
    CustomerAccrual: {
        month: '2026-11', customerTenantId: FABRIKAM, currency: 'USD', status: 'complete', poolMinutes: { 'DE-domestic': { included: 3000, used: 3000 } }, poolSource: 'tenant',
        poolLicences: [{ sku: 'Microsoft Teams Phone with Calling Plan', capability: 'MCOPSTNEAU2', plan: 'domestic', country: 'DE', licences: 25, minutesPerLicence: 120, countryFrom: 'usageLocation' }],
        billableMinutes: 42, creditsOpening: '0.0000', creditsUsed: '0.0000', recharges: 0, creditsExhausted: false, overageAmount: '1.1760', refusedCalls: 0,
        refusedAmount: '0.0000', missingRates: [], microsoftCharge: { compared: 3, withoutCharge: 0, notPriced: 0, totals: [{ currency: 'USD', calls: 3, microsoft: '1.1760', app: '1.1760' }], differing: 0, differences: [] },
        warnings: [], ratedAt: '2026-12-01T03:00:12.000Z', lines: [ReconciliationLine],
    },
    ApprovalView: {
        handoverId: HANDOVER_ID, party: 'customer', partyLabel: 'the customer', partyName: 'Trey Research', customer: { tenantId: TREY, name: 'Trey Research' },
        service: 'PhoneServices', serviceLabel: 'Teams Phone, Calling Plans, Audio Conferencing and toll-free numbers (telco pay-as-you-go overage)',
        requestedBy: { upn: 'admin@contoso-telecom.example', partnerId: '1001', partnerName: 'Contoso Telecom' }, requestedAt: '2026-11-10T08:30:00.000Z',
        from: { partnerId: '1002', name: 'Litware Voice' }, to: { partnerId: '1001', name: 'Contoso Telecom' }, chargesTo: { kind: 'existing', azureEntitlementId: TREY_SUBSCRIPTION },
        expiresAt: '2026-11-24T08:30:00.000Z', status: 'awaiting-approvals', decision: null, awaiting: ['currentPartner', 'customer'], outcome: null, canAnswer: true, answerPending: false,
    },
    ApprovalOutcome: {
        state: 'recorded', title: 'Your approval is recorded', detail: 'The handover waits for the current partner.', handoverId: HANDOVER_ID, party: 'customer', decision: 'approve',
        recorded: { decision: 'approved', at: '2026-11-11T14:02:40.000Z', by: 'it@trey-research.example' },
        handover: { status: 'awaiting-approvals', awaiting: ['currentPartner'], expiresAt: '2026-11-24T08:30:00.000Z' },
    },
    JobResource,
    JobList: { totalCount: 1, items: [JobResource] },
    JobItemList: {
        jobId: JOB_ID, continuationToken: null,
        items: [{ customerTenantId: FABRIKAM, name: 'Fabrikam', outcome: 'enabled', run: { id: `enableOverage-${FABRIKAM}-1a2b3c4d5e6f`, href: `${customer(FABRIKAM)}/overage/runs/enableOverage-${FABRIKAM}-1a2b3c4d5e6f` }, detail: null, at: '2026-11-12T10:00:41.000Z' }],
    },
};

/** Request bodies, by the name of their schema. */
export const REQUEST_EXAMPLES: Record<string, unknown> = {
    EnablementBody: { service: 'PhoneServices', azureEntitlementId: FABRIKAM_PRODUCTION },
    EnablementJobBody: { service: 'PhoneServices', azureEntitlementId: 'new', filter: { state: 'ready' } },
    UsagePullBody: { from: '2026-11-01' },
    OverageUpdate: { overageEnabled: true, azureEntitlementId: FABRIKAM_PRODUCTION },
    HandoverBody: { service: 'PhoneServices', toPartnerId: '1001', azureEntitlementId: TREY_SUBSCRIPTION },
    ApprovalAnswer: { decision: 'approve' },
    AlertThresholds: { forecastOverageAbove: '400', poolUsedAbovePercent: 90, creditsRunOutBeforeMonthEnd: true, dayOverageAbove: '50', mailCustomerAdmin: true },
    WebhookBody: { url: 'https://hooks.contoso-telecom.example/overage-alerts', secret: 'a-long-random-string-you-keep' },
    RateCard: { currency: 'USD', effectiveFrom: '2026-01-01', rates: [{ meterId: '51000000-0000-4000-8000-000000000004', meterName: 'Calls to Germany', meterCategory: 'Teams Calling', destination: 'DE', perMinute: '0.0280', connectionFee: '0' }] },
};

/** Answers that are not JSON, by media type. */
export const TEXT_EXAMPLES = {
    // an ok row needs no remedy, so no deployment setting is read
    readinessCsv: csv(READINESS_COLUMNS, readinessCsvRow({ ...ReadinessRow, id: 'PhoneServices', partnerId: '1001', source: 'sync' } as Parameters<typeof readinessCsvRow>[0], {})),
    reconciliationCsv: csv(RECONCILIATION_COLUMNS, ReconciliationLine),
    usageCsv: 'UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability\n'
        + 'fabrikam-0001,00000001-call,,DE,00000000-0000-4000-8000-000000000101,user1@fabrikam.example,"Fabrikam, User 1",+49305550001,user_out,user,Domestic,DE,+49306660001,2026-11-18T09:02:00Z,2026-11-18T09:44:00Z,2520,,,USD,MCOPSTN1\n',
    rateCardCsv: 'MeterId,MeterName,MeterCategory,Destination,PerMinute,ConnectionFee,Currency,EffectiveFrom\n51000000-0000-4000-8000-000000000004,Calls to Germany,Teams Calling,DE,0.0280,0,USD,2026-01-01\n',
    html: '<!doctype html>\n<html lang="en">…</html>\n',
    openapi: { openapi: '3.1.0', info: { title: 'Telco Overage Orchestrator', version: '0.1.0' }, paths: { '/api/health': { get: { summary: 'Is each part the app depends on answering' } } }, components: { schemas: {} } },
};

// The OpenAPI 3.1 document of the app's HTTP API, generated from the zod
// schemas the endpoints validate with and answer in (no hand-written copy of a
// body), with an example for each answer and body (apiExamples.ts). Pure: builds
// the same document every time; functions/openapi.ts serves it. Every route
// registered in functions/ is here (test/e2e/api.test.ts); the document lints
// clean and each example fits its schema (test/unit/openapiDocument.test.ts).
import { z } from 'zod';
import { RateCard } from '../../core/domain/rateCard';
import { OverageUpdate } from '../../core/domain/partnerCenter';
import { RECONCILIATION_COLUMNS } from '../../core/rating/ratingModel';
import { HandoverBody } from '../../core/handover/handoverSchemas';
import { EnablementBody } from '../../core/overage/enablement';
import { ApprovalAnswer } from '../../core/handover/approvalAnswer';
import { EnablementJobBody } from '../jobs/jobBody';
import { UsagePullBody } from '../usage/pull/pullBody';
import { AlertThresholds } from '../../core/alerts/alertThresholds';
import { WebhookBody } from '../alerts/webhookBody';
import * as S from './apiSchemas';
import { ANSWER_EXAMPLES, REQUEST_EXAMPLES, TEXT_EXAMPLES } from './apiExamples';
import { READINESS_STATES } from '../../core/domain/rules/readiness';
import { READINESS_COLUMNS } from '../readiness/readinessColumns';
import { MONTH_TO_DATE_EXAMPLE } from './monthToDateExample';
// issue 22, credits advice
import { CreditsAdviceAnswer } from '../forecast/creditsAdvice';
import { CREDITS_ADVICE_EXAMPLE } from '../forecast/creditsAdviceExample';
import { USAGE_STATES } from '../readiness/readinessDoc';
// issue 23, names and pickers
import * as N from './namesSchemas';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

const SCHEMAS: Record<string, { schema: z.ZodType; io: Io }> = {
    EnablementBody: { schema: EnablementBody, io: 'input' },
    EnablementJobBody: { schema: EnablementJobBody, io: 'input' },
    UsagePullBody: { schema: UsagePullBody, io: 'input' },
    OverageUpdate: { schema: OverageUpdate, io: 'input' },
    HandoverBody: { schema: HandoverBody, io: 'input' },
    ApprovalAnswer: { schema: ApprovalAnswer, io: 'input' },
    RateCard: { schema: RateCard, io: 'input' },
    Problem: { schema: S.Problem, io: 'output' },
    RunResource: { schema: S.RunResource, io: 'output' },
    RunList: { schema: S.RunList, io: 'output' },
    HandoverResource: { schema: S.HandoverResource, io: 'output' },
    HandoverList: { schema: S.HandoverList, io: 'output' },
    AuditTrail: { schema: S.AuditTrail, io: 'output' },
    PartnerCenterOverage: { schema: S.PartnerCenterOverage, io: 'output' },
    OverageStatus: { schema: S.OverageStatus, io: 'output' },
    CustomerList: { schema: S.CustomerList, io: 'output' },
    ReadinessPage: { schema: S.ReadinessPage, io: 'output' },
    Diagnostics: { schema: S.Diagnostics, io: 'output' },
    Health: { schema: S.Health, io: 'output' },
    RateCardList: { schema: S.RateCardList, io: 'output' },
    RatesStored: { schema: S.RatesStored, io: 'output' },
    UsageImportReport: { schema: S.UsageImportReport, io: 'output' },
    UsageState: { schema: S.UsageState, io: 'output' },
    UsagePullReport: { schema: S.UsagePullReport, io: 'output' },
    UsageConsent: { schema: S.UsageConsent, io: 'output' },
    AccrualProgress: { schema: S.AccrualProgress, io: 'output' },
    CustomerAccrual: { schema: S.CustomerAccrual, io: 'output' },
    CustomerAccrualList: { schema: S.CustomerAccrualList, io: 'output' },
    MonthToDate: { schema: S.MonthToDate, io: 'output' },
    ApprovalView: { schema: S.ApprovalView, io: 'output' },
    ApprovalOutcome: { schema: S.ApprovalOutcome, io: 'output' },
    JobResource: { schema: S.JobResource, io: 'output' },
    JobList: { schema: S.JobList, io: 'output' },
    JobItemList: { schema: S.JobItemList, io: 'output' },
    AlertThresholds: { schema: AlertThresholds, io: 'input' },
    WebhookBody: { schema: WebhookBody, io: 'input' },
    AlertSettings: { schema: S.AlertSettings, io: 'output' },
    AlertList: { schema: S.AlertList, io: 'output' },
    PartnerWebhook: { schema: S.PartnerWebhook, io: 'output' },
    WebhookDeliveryList: { schema: S.WebhookDeliveryList, io: 'output' },
    // issue 22, credits advice
    CreditsAdvice: { schema: CreditsAdviceAnswer, io: 'output' },
    // issue 23, names and pickers
    PartnerList: { schema: N.PartnerList, io: 'output' },
    AzureSubscriptionChoices: { schema: N.AzureSubscriptionChoices, io: 'output' },
};

/**
 * zod → JSON Schema 2020-12, which OpenAPI 3.1's default dialect (its base vocabulary) is built on;
 * `$defs` move to the components, so refs resolve in the document.
 */
function components(): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {};
    for (const [name, { schema, io }] of Object.entries(SCHEMAS)) {
        const { $schema: _dialect, $defs, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
        const rewrite = (s: unknown) => JSON.parse(JSON.stringify(s).replace(/"#\/\$defs\//g, '"#/components/schemas/')) as JsonSchema;
        for (const [defName, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) out[defName] = rewrite(def);
        out[name] = rewrite(json);
    }
    return out;
}

const ref = (name: keyof typeof SCHEMAS): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
/** A media type with its schema and, where there is one, its example (a missing one fails the document's test). */
const media = (name: keyof typeof SCHEMAS, examples: Record<string, unknown>) => ({ schema: ref(name), ...(name in examples ? { example: examples[name] } : {}) });
const json = (name: keyof typeof SCHEMAS, description: string) => ({ description, content: { 'application/json': media(name, ANSWER_EXAMPLES) } });
const text = (type: string, example: string, description?: string) => ({ [type]: { schema: { type: 'string', ...(description ? { description } : {}) }, example } });
const HTML = text('text/html', TEXT_EXAMPLES.html);
/** An answer as a page for a browser or JSON for a program (the approval links). */
const htmlOrJson = (name: keyof typeof SCHEMAS, description: string) => ({ description, content: { ...HTML, 'application/json': media(name, ANSWER_EXAMPLES) } });

const STATUS_TEXT: Record<number, string> = {
    400: 'The request is not valid', 401: 'No valid credential', 403: 'Not permitted', 404: 'Not found', 405: 'Wrong method for this resource', 409: 'Conflict',
    410: 'Gone', 413: 'Body too large', 415: 'Unsupported media type', 422: 'Unprocessable', 500: 'Fault on our side', 502: 'Microsoft\'s API answered wrongly',
    429: 'Too many requests', 503: 'Microsoft\'s API is throttling or unavailable', 504: 'Microsoft\'s API did not answer in time',
};

/** Problem details responses: each status with the codes this route answers with (as `examples` of `code`). */
function problems(codes: Record<number, string[]>, alsoHtml = false): Record<string, unknown> {
    return Object.fromEntries(Object.entries(codes).map(([status, list]) => {
        const schema = { ...ref('Problem'), properties: { code: { type: 'string', examples: list } } };
        return [status, {
            description: `${STATUS_TEXT[Number(status)] ?? 'Error'}: ${list.map((c) => `\`${c}\``).join(', ')}`,
            content: { 'application/problem+json': { schema, example: problemExample(Number(status), list[0]) }, ...(alsoHtml ? HTML : {}) },
        }];
    }));
}

/** What a problem of the first code of a status looks like; the detail and remedy are the app's usual words for the common codes. */
function problemExample(status: number, code: string): Record<string, unknown> {
    const words = PROBLEM_WORDS[code] ?? [`${STATUS_TEXT[status] ?? 'Error'}.`, 'Read the detail, correct the request and send it again.'];
    return { type: `https://telco-overage.example/problems/${code}`, title: S.PROBLEM_TITLES[status] ?? 'Error', status, code, detail: words[0], remedy: words[1] };
}

const PROBLEM_WORDS: Record<string, [string, string]> = {
    'invalid-request': ['The body is not valid: azureEntitlementId: Invalid input.', 'Fix the fields listed in "issues" and send the request again.'],
    unauthenticated: ['No bearer token was sent.', 'Sign in as an agent of your partner and send its Entra ID token as "Authorization: Bearer …".'],
    'operator-key-required': ['This request needs the host\'s system key.', 'Send the key as the x-functions-key header.'],
    'role-not-permitted': ['sales@contoso-telecom.example is a SalesAgent: only an AdminAgent may change overage.', 'Ask an AdminAgent of Contoso Telecom.'],
    'customer-not-found': ['Partner Center does not show this customer to your partner.', 'Check the customer tenant id.'],
    'internal-error': ['Something went wrong on our side.', 'Try again in a minute; if it persists, tell the operators the time of the request.'],
    'upstream-contract': ['Partner Center answered in a shape this app does not know.', 'Try again later; the operators have the details in the log.'],
    'upstream-throttled': ['Partner Center is throttling requests.', 'Wait for the time in Retry-After, then send the request again.'],
    'upstream-timeout': ['Partner Center did not answer within 30 s.', 'Send the request again in a minute.'],
};

/** This document's own shape, one level deep: the OpenAPI specification's schema checks the rest (test/e2e/api.test.ts). */
const OPENAPI_DOCUMENT: JsonSchema = {
    type: 'object', required: ['openapi', 'info', 'paths', 'components'], additionalProperties: false,
    properties: {
        openapi: { type: 'string' }, info: { type: 'object', description: 'Title, version and description' }, servers: { type: 'array', items: { type: 'object' } },
        tags: { type: 'array', items: { type: 'object' } }, paths: { type: 'object', description: 'Each path with its operations' }, components: { type: 'object', description: 'Schemas and security schemes' },
    },
};

const UPSTREAM = { 500: ['internal-error'], 502: ['upstream-contract', 'upstream-refused'], 503: ['upstream-throttled', 'upstream-unavailable', 'upstream-unreachable'], 504: ['upstream-timeout'] };
const PARTNER_READ = { 401: ['unauthenticated'], 403: ['role-not-permitted', 'caller-not-of-partner', 'indirect-reseller'], 404: ['customer-not-found'], ...UPSTREAM };
const PARTNER_MANAGE = {
    ...PARTNER_READ, 400: ['invalid-request', 'invalid-idempotency-key'], 403: ['role-not-permitted', 'caller-not-of-partner', 'indirect-reseller', 'not-reseller-of-provider'],
    409: ['run-in-progress', 'idempotency-key-reused'], 413: ['body-too-large'],
};
/** A partner-wide request (no customer): the agent's roles and its partner's account, as Partner Center holds them. */
const PARTNER_WIDE = { 401: ['unauthenticated'], 403: ['role-not-permitted', 'caller-not-of-partner', 'indirect-reseller'], ...UPSTREAM };
const OPERATOR = { 401: ['operator-key-required', 'operator-key-invalid'], 403: ['operator-only'] };

const BEARER = [{ partnerToken: [] }];
const OPERATOR_KEY = [{ functionKeyHeader: [] }, { functionKeyQuery: [] }];
const PARTNER_OR_OPERATOR = [...BEARER, ...OPERATOR_KEY];
const ANONYMOUS: unknown[] = [];

const param = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });
const query = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
const JOB = param('jobId', 'The job id (the Location of its POST).');
const CUSTOMER = param('customerTenantId', 'The customer\'s Entra tenant id.', { type: 'string', format: 'uuid' });
const MONTH = param('month', 'A UTC calendar month, YYYY-MM.', { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', in: 'header', required: false, description: '1 to 255 printable characters: a repeat returns the original run.', schema: { type: 'string', minLength: 1, maxLength: 255 } };
const LOCATION = { Location: { description: 'The resource\'s link.', schema: { type: 'string' } } };
const READINESS_QUERY = [
    query('state', 'Only customers in this state.', { type: 'string', enum: [...READINESS_STATES] }),
    query('blocker', 'Only customers with a blocker of this code (e.g. `gdap-missing`, `unknown`).'),
    query('usage', 'Only customers in this usage pull state (`consent-missing`: the app holds no consent to read their calls).', { type: 'string', enum: [...USAGE_STATES] }),
    query('q', 'Only customers whose name or tenant id contains this text (any case).'),
    query('limit', '1 to 500 (default 100).', { type: 'integer', minimum: 1, maximum: 500 }),
    query('continuationToken', 'The next page: the token of the previous one.'),
    query('partnerId', 'Operators only: the partner whose fleet to read.'),
];
const body = (name: keyof typeof SCHEMAS, extra: Record<string, unknown> = {}) => ({ required: true, content: { 'application/json': media(name, REQUEST_EXAMPLES), ...extra } });

/** One operation; `x-function` names the registered function that serves it. */
function op(fn: string, tags: string[], summary: string, o: Record<string, unknown>): Record<string, unknown> {
    return { operationId: `${fn}.${summary.replace(/[^A-Za-z]+/g, ' ').trim().split(' ').slice(0, 4).join('-')}`, 'x-function': fn, tags, summary, ...o };
}

function paths(): Record<string, Record<string, unknown>> {
    const c = '/api/customers/{customerTenantId}';
    return {
        ...alertPaths(c),
        [`${c}/overage/enablements`]: {
            post: op('startEnablement', ['Overage'], 'Start switching overage on', {
                security: BEARER, parameters: [CUSTOMER, IDEMPOTENCY_KEY], requestBody: body('EnablementBody'),
                responses: { 202: { ...json('RunResource', 'The run, started or joined'), headers: LOCATION }, ...problems(PARTNER_MANAGE) },
            }),
        },
        '/api/jobs/enablements': {
            post: op('startEnablementJob', ['Jobs'], 'Switch overage on for many customers', {
                security: BEARER, parameters: [IDEMPOTENCY_KEY], requestBody: body('EnablementJobBody'),
                description: 'An AdminAgent asks for one enablement run per customer: named (`customers`, 1 to 10,000 tenant ids) or chosen by a readiness filter (`filter`, resolved from the partner\'s fleet view now). Each customer gets a new subscription (`azureEntitlementId` is `"new"`). Customers the fleet view does not know are refused at once; the job runs the rest, a few at a time.',
                responses: {
                    202: { ...json('JobResource', 'The job, made or (the same Idempotency-Key and body) found again'), headers: LOCATION },
                    ...problems({ ...PARTNER_WIDE, 400: ['invalid-request', 'invalid-idempotency-key'], 409: ['idempotency-key-reused'], 413: ['body-too-large'], 422: ['job-empty'] }),
                },
            }),
        },
        '/api/jobs': {
            get: op('jobs', ['Jobs'], 'The caller partner jobs', {
                security: BEARER, parameters: [query('limit', '1 to 100 (default 50).', { type: 'integer', minimum: 1, maximum: 100 })],
                responses: { 200: json('JobList', 'Newest first'), ...problems({ ...PARTNER_WIDE, 400: ['invalid-request'] }) },
            }),
        },
        '/api/jobs/{jobId}': {
            get: op('jobs', ['Jobs'], 'One job with its counts', {
                security: BEARER, parameters: [JOB], responses: { 200: json('JobResource', 'The job'), ...problems({ ...PARTNER_WIDE, 404: ['job-not-found'] }) },
            }),
            delete: op('jobs', ['Jobs'], 'Cancel what has not started', {
                security: BEARER, parameters: [JOB],
                description: 'Customers not started yet are skipped; runs already started finish. The job is `cancelling` until they have, then `cancelled`.',
                responses: { 202: { ...json('JobResource', 'The job, cancelling'), headers: LOCATION }, ...problems({ ...PARTNER_WIDE, 404: ['job-not-found'], 405: ['method-not-allowed'], 409: ['job-ended'] }) },
            }),
        },
        '/api/jobs/{jobId}/items': {
            get: op('jobs', ['Jobs'], 'The customers of a job in its order', {
                security: BEARER,
                parameters: [
                    JOB,
                    query('limit', '1 to 500 (default 100).', { type: 'integer', minimum: 1, maximum: 500 }),
                    query('continuationToken', 'The next page: the token of the previous one.'),
                    query('outcome', 'Only customers with this outcome.', { type: 'string', enum: ['queued', 'running', 'enabled', 'blocked', 'refused', 'failed', 'skipped'] }),
                ],
                responses: { 200: json('JobItemList', 'In the job\'s order'), ...problems({ ...PARTNER_WIDE, 400: ['invalid-request'], 404: ['job-not-found'] }) },
            }),
        },
        '/api/v1/customers/{customerTenantId}/subscriptions/overage': {
            get: op('partnerCenterOverage', ['Partner Center shape'], 'Read overage as Partner Center does', {
                security: BEARER, parameters: [CUSTOMER], responses: { 200: json('PartnerCenterOverage', 'Partner Center\'s collection'), ...problems(PARTNER_READ) },
            }),
            put: op('partnerCenterOverage', ['Partner Center shape'], 'Update overage as Partner Center does', {
                security: BEARER, parameters: [CUSTOMER, IDEMPOTENCY_KEY], requestBody: body('OverageUpdate'),
                responses: { 202: { ...json('RunResource', 'The enable or disable run'), headers: LOCATION }, ...problems(PARTNER_MANAGE) },
            }),
        },
        '/api/customers': {
            get: op('customers', ['Overage'], 'The caller partner customers at a glance', {
                security: BEARER,
                parameters: [query('limit', '1 to 100 (default 50).', { type: 'integer', minimum: 1, maximum: 100 }), query('continuationToken', 'The next page: the token of the previous one.')],
                responses: { 200: json('CustomerList', 'From the read model, ordered by customer id'), ...problems({ 400: ['invalid-request'], 401: ['unauthenticated'], 403: ['role-not-permitted', 'caller-not-of-partner'], 500: ['internal-error'] }) },
            }),
        },
        // issue 23, names and pickers
        '/api/partners': {
            get: op('partners', ['Handover'], 'The partners this deployment serves by name', {
                security: BEARER,
                responses: { 200: { description: 'The caller\'s partner first, then the others: id and name only', content: { 'application/json': { schema: ref('PartnerList'), example: N.PARTNER_LIST_EXAMPLE } } }, ...problems(PARTNER_WIDE) },
            }),
        },
        [`${c}/azure-subscriptions`]: {
            get: op('azureSubscriptions', ['Overage'], 'The Azure subscriptions overage may be charged to', {
                security: BEARER, parameters: [CUSTOMER],
                responses: { 200: { description: 'Each subscription and `new`, with whether an enablement naming it would be taken', content: { 'application/json': { schema: ref('AzureSubscriptionChoices'), example: N.AZURE_SUBSCRIPTIONS_EXAMPLE } } }, ...problems({ ...PARTNER_READ, 400: ['invalid-request'] }) },
            }),
        },
        '/api/readiness': {
            get: op('readiness', ['Fleet'], 'Every customer of the caller partner by readiness', {
                security: PARTNER_OR_OPERATOR, parameters: READINESS_QUERY,
                responses: { 200: json('ReadinessPage', 'In name order, with the whole fleet\'s counts per state'), ...problems({ 400: ['invalid-request', 'invalid-continuation-token', 'partner-required'], 401: ['unauthenticated'], 403: ['role-not-permitted', 'caller-not-of-partner', 'not-your-partner'], 500: ['internal-error'] }) },
            }),
        },
        '/api/readiness.csv': {
            get: op('readinessCsv', ['Fleet'], 'The fleet by readiness as CSV', {
                security: PARTNER_OR_OPERATOR, parameters: READINESS_QUERY.filter((p) => !['limit', 'continuationToken'].includes(p.name)),
                responses: {
                    200: { description: `One row per customer and service, in name order; columns ${READINESS_COLUMNS.join(', ')}; text that a spreadsheet would read as a formula starts with '`, content: text('text/csv', TEXT_EXAMPLES.readinessCsv) },
                    ...problems({ 400: ['invalid-request', 'partner-required'], 401: ['unauthenticated'], 403: ['role-not-permitted', 'caller-not-of-partner', 'not-your-partner'], 500: ['internal-error'] }),
                },
            }),
        },
        [`${c}/overage`]: {
            get: op('overageStatus', ['Overage'], 'The current overage setting', {
                security: BEARER, parameters: [CUSTOMER, query('refresh', '`true`: read Partner Center now (once per partner and customer in 30 s).', { type: 'string', enum: ['true', 'false'] })],
                responses: { 200: json('OverageStatus', 'Setting, owner, credits, last run, links; `asOf` and `servedFrom` say how fresh'), ...problems({ ...PARTNER_READ, 429: ['refresh-rate-limited'] }) },
            }),
        },
        [`${c}/overage/diagnostics`]: {
            get: op('overageDiagnostics', ['Overage'], 'Would a call beyond the included minutes go through', {
                security: BEARER, parameters: [CUSTOMER], responses: { 200: json('Diagnostics', 'Who pays and every reason a call would be refused'), ...problems(PARTNER_READ) },
            }),
        },
        [`${c}/overage/audit`]: {
            get: op('overageAudit', ['Overage'], 'The audit trail of the caller partner runs', {
                security: BEARER, parameters: [CUSTOMER, query('runId', 'Only this run.')],
                responses: { 200: json('AuditTrail', 'One event per step'), ...problems({ ...PARTNER_READ, 400: ['invalid-request'] }) },
            }),
        },
        [`${c}/overage/runs`]: {
            get: op('overageRuns', ['Overage'], 'The runs of the caller partner', {
                security: BEARER, parameters: [CUSTOMER, query('limit', '1 to 100.', { type: 'integer', minimum: 1, maximum: 100 })],
                responses: { 200: json('RunList', 'Newest first'), ...problems({ ...PARTNER_READ, 400: ['invalid-request'], 405: ['method-not-allowed'] }) },
            }),
        },
        [`${c}/overage/runs/{runId}`]: {
            get: op('overageRuns', ['Overage'], 'One run', {
                security: BEARER, parameters: [CUSTOMER, param('runId', 'The run id.')],
                responses: { 200: json('RunResource', 'The run'), ...problems({ ...PARTNER_READ, 404: ['customer-not-found', 'run-not-found'] }) },
            }),
            delete: op('overageRuns', ['Overage'], 'Cancel a running run', {
                security: BEARER, parameters: [CUSTOMER, param('runId', 'The run id.')],
                responses: { 200: json('RunResource', 'The cancelled run'), ...problems({ ...PARTNER_READ, 404: ['customer-not-found', 'run-not-found'], 409: ['run-ended', 'run-starting', 'use-handover-cancel'] }) },
            }),
        },
        [`${c}/overage/handovers`]: {
            post: op('handovers', ['Handover'], 'Ask for a handover', {
                security: BEARER, parameters: [CUSTOMER, IDEMPOTENCY_KEY], requestBody: body('HandoverBody'),
                responses: {
                    202: { ...json('HandoverResource', 'The handover'), headers: LOCATION },
                    ...problems({
                        ...PARTNER_MANAGE, 400: ['invalid-request', 'invalid-idempotency-key', 'contact-required'],
                        409: ['no-current-owner', 'same-partner', 'not-eligible', 'handover-open', 'run-in-progress', 'customer-contact-missing', 'idempotency-key-reused'],
                    }),
                },
            }),
            get: op('handovers', ['Handover'], 'The handovers of the caller partner', {
                security: BEARER, parameters: [CUSTOMER], responses: { 200: json('HandoverList', 'Newest first'), ...problems(PARTNER_READ) },
            }),
        },
        [`${c}/overage/handovers/{handoverId}`]: {
            get: op('handovers', ['Handover'], 'One handover with its steps', {
                security: BEARER, parameters: [CUSTOMER, param('handoverId', 'The handover id.')],
                responses: { 200: json('HandoverResource', 'The handover'), ...problems({ ...PARTNER_READ, 404: ['customer-not-found', 'handover-not-found'], 405: ['method-not-allowed'] }) },
            }),
            delete: op('handovers', ['Handover'], 'Cancel a handover awaiting answers', {
                security: BEARER, parameters: [CUSTOMER, param('handoverId', 'The handover id.')],
                responses: {
                    200: json('HandoverResource', 'Cancelled'), 202: { ...json('HandoverResource', 'Cancel sent to the run'), headers: LOCATION },
                    ...problems({ ...PARTNER_READ, 403: ['role-not-permitted', 'not-requester'], 404: ['customer-not-found', 'handover-not-found'], 409: ['handover-not-cancellable'], 503: ['handover-starting'] }),
                },
            }),
        },
        '/api/approvals/{token}': {
            get: op('approvals', ['Handover'], 'The approval page of a party', {
                security: ANONYMOUS, parameters: [param('token', 'The signed link from the party\'s mail (it is the credential).')],
                responses: {
                    200: htmlOrJson('ApprovalView', 'The request and its form (HTML), or its JSON view'),
                    ...problems({ 400: ['approval-link-invalid'], 404: ['handover-not-found'], 409: ['approval-link-used', 'handover-already-decided', 'handover-closed'], 410: ['approval-link-expired'], 500: ['internal-error'] }, true),
                },
            }),
            post: op('approvals', ['Handover'], 'Answer a handover', {
                security: ANONYMOUS, parameters: [param('token', 'The signed link from the party\'s mail (it is the credential).')],
                requestBody: body('ApprovalAnswer', { 'application/x-www-form-urlencoded': media('ApprovalAnswer', REQUEST_EXAMPLES) }),
                responses: {
                    200: htmlOrJson('ApprovalOutcome', 'Recorded'),
                    202: htmlOrJson('ApprovalOutcome', 'Recorded; the run takes it from here'),
                    ...problems({ 400: ['approval-link-invalid', 'invalid-request'], 404: ['handover-not-found'], 409: ['approval-link-used', 'handover-already-decided', 'handover-closed'], 410: ['approval-link-expired'], 413: ['body-too-large'], 500: ['internal-error'] }, true),
                },
            }),
        },
        [`${c}/usage`]: {
            post: op('importUsage', ['Accrual'], 'Import the PSTN usage report', {
                security: BEARER,
                parameters: [CUSTOMER, query('mode', 'What a bad row does (default all-or-nothing).', { type: 'string', enum: ['all-or-nothing', 'skip-bad-rows'] })],
                description: 'The PSTN usage report\'s columns; `Charge` and `Connection Fee` (Microsoft\'s own charge for the call) are optional and kept as a check on the rating, never billed.',
                requestBody: { required: true, content: text('text/csv', TEXT_EXAMPLES.usageCsv) },
                responses: {
                    200: json('UsageImportReport', 'Rows accepted, duplicates, bad rows'),
                    ...problems({ ...PARTNER_READ, 400: ['invalid-request', 'empty-file', 'missing-columns', 'malformed-csv', 'upload-interrupted'], 403: ['role-not-permitted'], 415: ['unsupported-media-type'], 422: ['bad-rows'] }),
                },
            }),
            get: op('usageState', ['Accrual'], 'The customer usage state', {
                security: BEARER, parameters: [CUSTOMER],
                description: 'What the last pull from Microsoft Graph found: `ok` (and through when the calls are in), `consent-missing` (with the remedy and the admin consent link), `failed` (with the fault), or `not-pulled`.',
                responses: { 200: json('UsageState', 'The usage state'), ...problems(PARTNER_READ) },
            }),
        },
        // issue 22, credits advice
        [`${c}/credits/advice`]: {
            get: op('creditsAdvice', ['Accrual'], 'Advise the auto-recharge settings of a customer on credits', {
                security: BEARER, parameters: [CUSTOMER],
                description: 'For a customer paying with Communications Credits: an auto-recharge threshold and amount that would have kept the balance above zero through its last three rated months (replayed, with the assumptions in words), or pay-as-you-go overage when the spend is irregular. Each answer lists the months it used; a customer not on credits, or without a rated month, gets a recommendation saying so (`not-on-credits`, `not-enough-usage`), not an error.',
                responses: {
                    200: { description: 'The advice', content: { 'application/json': { schema: ref('CreditsAdvice'), examples: { steady: { summary: 'Steady usage: auto-recharge settings', value: CREDITS_ADVICE_EXAMPLE } } } } },
                    ...problems({ ...PARTNER_READ, 400: ['invalid-request'] }),
                },
            }),
        },
        [`${c}/usage/pull`]: {
            post: op('pullUsage', ['Accrual'], 'Pull the customer usage from Microsoft Graph now', {
                security: BEARER, parameters: [CUSTOMER],
                requestBody: { required: false, content: { 'application/json': media('UsagePullBody', REQUEST_EXAMPLES) } },
                description: 'An AdminAgent pulls the PSTN calls from the cursor (or `from`) up to yesterday 24:00 UTC, at most 90 days a window, through the same import as the upload. Windows imported before a failure stay, and the cursor with them.',
                responses: {
                    200: json('UsagePullReport', 'Every window imported'),
                    ...problems({ ...PARTNER_READ, 400: ['invalid-request'], 403: ['role-not-permitted', 'caller-not-of-partner', 'indirect-reseller'], 409: ['consent-missing'], 413: ['body-too-large'], 422: ['bad-rows'] }),
                },
            }),
        },
        [`${c}/usage/consent`]: {
            post: op('usageConsent', ['Accrual'], 'Ask Partner Center for the app consent as a Control Panel Vendor', {
                security: BEARER, parameters: [CUSTOMER],
                description: 'For a partner listed in CPV_PARTNERS: Partner Center consents the app (PARTNER_APP_CLIENT_ID) to Microsoft Graph CallRecords.Read.All in the customer tenant.',
                responses: { 200: json('UsageConsent', 'What Partner Center granted'), ...problems({ ...PARTNER_READ, 403: ['role-not-permitted', 'caller-not-of-partner', 'indirect-reseller'], 409: ['app-registration-missing', 'not-control-panel-vendor'] }) },
            }),
        },
        '/api/accruals/{month}': {
            post: op('accruals', ['Accrual'], 'Rate or re-rate a month', {
                security: PARTNER_OR_OPERATOR, parameters: [MONTH],
                description: 'An operator (the system key) rates every customer; an AdminAgent its own partner\'s customers.',
                responses: { 202: { ...json('AccrualProgress', 'The accrual job'), headers: LOCATION }, ...problems({ 400: ['invalid-request'], 401: ['unauthenticated'], 403: ['role-not-permitted'] }) },
            }),
        },
        '/api/accruals/{month}/jobs/{jobId}': {
            get: op('accruals', ['Accrual'], 'How far an accrual job got', {
                security: PARTNER_OR_OPERATOR, parameters: [MONTH, param('jobId', 'The accrual job id.')],
                responses: { 200: json('AccrualProgress', 'Customers done / total, then the outcome'), ...problems({ 400: ['invalid-request'], 401: ['unauthenticated'], 404: ['accrual-job-not-found'], 405: ['method-not-allowed'] }) },
            }),
        },
        [`${c}/accruals`]: {
            get: op('customerAccrual', ['Accrual'], 'The months rated for the customer', {
                security: BEARER, parameters: [CUSTOMER],
                description: 'The customer\'s rated months, newest first (the last 24): each with its status, when it was rated, and the caller\'s partner\'s own overage and lines; `href` reads the month. A month not listed has not been rated.',
                responses: { 200: json('CustomerAccrualList', 'The months rated, newest first'), ...problems({ ...PARTNER_READ }) },
            }),
        },
        [`${c}/accruals/{month}`]: {
            get: op('customerAccrual', ['Accrual'], 'The customer month as rated', {
                security: BEARER, parameters: [CUSTOMER, MONTH],
                description: 'The pools count every licence of the customer\'s tenant (`poolSource: tenant`, the licences in `poolLicences`); when the tenant could not be read they are the served partners\' licences in Partner Center (`poolSource: partnerCenter`), and the month is `incomplete`. `microsoftCharge` puts Microsoft\'s own charge for the month\'s calls beside the app\'s rating of them, with the calls more than 0.0001 apart (the first 100); the lines always bill the app\'s rating.',
                responses: { 200: json('CustomerAccrual', 'Pools and their licences, billable minutes, credits, overage, refused calls, Microsoft\'s charge beside the app\'s, the caller partner\'s lines'), ...problems({ ...PARTNER_READ, 400: ['invalid-request'], 404: ['customer-not-found', 'accrual-not-found'] }) },
            }),
        },
        [`${c}/accruals/current`]: {
            get: op('customerAccrualCurrent', ['Accrual'], 'The current month so far and its forecast', {
                security: BEARER, parameters: [CUSTOMER],
                description: 'The current UTC month (the app\'s clock) rated so far with the monthly accrual\'s rules, from the usage stored (pulled daily or uploaded): `asOf` (the last call included), the rated month\'s figures with `status: month-to-date`, each day from the 1st to today, and a forecast to the month\'s end (expected, low, high; the day the pools and the credits run out, null for not this month; `basis` says how: docs/domain.md "Month to date and forecast"). The overage is the caller\'s partner\'s. Nothing is written: the month\'s accrual and reconciliation file stay the month-end rating\'s.',
                responses: {
                    200: { description: 'The month so far, its days and its forecast', content: { 'application/json': { schema: ref('MonthToDate'), example: MONTH_TO_DATE_EXAMPLE } } },
                    ...problems({ ...PARTNER_READ, 400: ['invalid-request'] }),
                },
            }),
        },
        '/api/partners/{partnerId}/reconciliation/{file}': {
            get: op('reconciliation', ['Accrual'], 'A partner reconciliation lines of a month as CSV', {
                security: PARTNER_OR_OPERATOR,
                parameters: [param('partnerId', 'The partner id.'), param('file', 'The month\'s file: `{yyyy-mm}.csv`.', { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])\\.csv$' })],
                responses: {
                    200: { description: `CSV with the columns ${RECONCILIATION_COLUMNS.join(', ')}`, content: text('text/csv', TEXT_EXAMPLES.reconciliationCsv) },
                    ...problems({ 401: ['unauthenticated'], 403: ['not-your-partner', 'role-not-permitted'], 404: ['not-found'] }),
                },
            }),
        },
        '/api/rates': {
            get: op('rates', ['Operator'], 'The rate cards', {
                security: OPERATOR_KEY, responses: { 200: json('RateCardList', 'Every card'), ...problems(OPERATOR) },
            }),
            put: op('rates', ['Operator'], 'Store rate cards', {
                security: OPERATOR_KEY,
                requestBody: {
                    required: true,
                    content: {
                        'application/json': { schema: { oneOf: [ref('RateCard'), { type: 'array', items: ref('RateCard') }] }, example: REQUEST_EXAMPLES.RateCard },
                        ...text('text/csv', TEXT_EXAMPLES.rateCardCsv, 'MeterId,MeterName,MeterCategory,Destination,PerMinute,ConnectionFee,Currency,EffectiveFrom'),
                    },
                },
                responses: { 200: json('RatesStored', 'The cards stored'), ...problems({ ...OPERATOR, 400: ['invalid-request', 'invalid-rates'], 413: ['body-too-large'], 415: ['unsupported-media-type'] }) },
            }),
        },
        '/api/health': {
            get: op('health', ['Operations'], 'Is each part the app depends on answering', {
                security: ANONYMOUS,
                responses: { 200: json('Health', 'Healthy'), 503: json('Health', 'Unhealthy: the failing checks say why') },
            }),
        },
        '/api/console': {
            get: op('consolePage', ['Operations'], 'The partner console', {
                security: ANONYMOUS, responses: { 200: { description: 'HTML', content: HTML }, 304: { description: 'Not modified' } },
            }),
        },
        '/api/console/{file}': {
            get: op('consoleFile', ['Operations'], 'A file of the partner console', {
                security: ANONYMOUS, parameters: [param('file', 'The file\'s path under the console (a catch-all route: it may hold slashes).')],
                responses: { 200: { description: 'The file' }, 304: { description: 'Not modified' }, 404: { description: 'No such file', content: { 'text/plain': { schema: { type: 'string' } } } } },
            }),
        },
        '/api/openapi.json': {
            get: op('openapi', ['Operations'], 'This document', {
                security: ANONYMOUS, responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: OPENAPI_DOCUMENT, example: TEXT_EXAMPLES.openapi } } } },
            }),
        },
        '/api/docs': {
            get: op('apiDocs', ['Operations'], 'The API reference page', {
                security: ANONYMOUS, responses: { 200: { description: 'HTML', content: HTML } },
            }),
        },
        '/api/docs/{file}': {
            get: op('apiDocs', ['Operations'], 'An asset of the reference page', {
                security: ANONYMOUS, parameters: [param('file', 'A file of the page (Swagger UI, served from its npm package).', { type: 'string', enum: ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'init.js'] })],
                responses: { 200: { description: 'The file' }, 404: { description: 'No such file' } },
            }),
        },
    };
}

/** An answer with its schema and one example. */
const jsonExample = (name: keyof typeof SCHEMAS, description: string, example: unknown) => ({ description, content: { 'application/json': { schema: ref(name), example } } });

const EXAMPLE_CUSTOMER = '10000000-0000-4000-8000-000000000007';
const EXAMPLE_SETTINGS = { customerTenantId: EXAMPLE_CUSTOMER, forecastOverageAbove: '400', poolUsedAbovePercent: 80, creditsRunOutBeforeMonthEnd: true, dayOverageAbove: '50', mailCustomerAdmin: true, updatedAt: '2026-11-03T09:12:00.000Z', updatedBy: 'admin@contoso-telecom.example' };
const EXAMPLE_ALERT = {
    id: `${EXAMPLE_CUSTOMER}:2026-11:forecast-overage`, partnerId: '1001', customerTenantId: EXAMPLE_CUSTOMER, month: '2026-11', threshold: 'forecast-overage', firedAt: '2026-11-20T03:04:11.000Z',
    figures: { value: '512.4000', limit: '400', currency: 'EUR', day: null, forecastOverage: { expected: '512.4000', low: '430.1000', high: '601.9000' }, asOf: '2026-11-19T17:42:00.000Z' },
    mailCustomerAdmin: true, evaluationId: '6f1c2b8e9d0a4e57b1c3d5e7f9a1b3c5',
};
const PARTNER = param('partnerId', 'The caller\'s own partner id (another partner\'s: 404).');
const PARTNER_OWN = { ...PARTNER_WIDE, 404: ['partner-not-found'] };

/** Alerts (issue 22): a customer's thresholds, what fired, the partner's webhook and its deliveries. */
function alertPaths(c: string): Record<string, Record<string, unknown>> {
    return {
        [`${c}/alerts`]: {
            get: op('customerAlerts', ['Alerts'], 'The caller partner alert thresholds for the customer', {
                security: BEARER, parameters: [CUSTOMER],
                responses: { 200: jsonExample('AlertSettings', 'The thresholds (none set: only mailCustomerAdmin false and null times)', EXAMPLE_SETTINGS), ...problems(PARTNER_READ) },
            }),
            put: op('customerAlerts', ['Alerts'], 'Set the alert thresholds', {
                security: BEARER, parameters: [CUSTOMER], requestBody: body('AlertThresholds'),
                description: 'An AdminAgent of the customer\'s partner replaces its thresholds whole (a threshold left out is not watched). They are evaluated after each usage import or pull; each fires once per customer, month and threshold, mails the partner\'s contact (and the customer\'s admin with `mailCustomerAdmin`) and posts to the partner\'s webhook.',
                responses: { 200: jsonExample('AlertSettings', 'The thresholds stored', EXAMPLE_SETTINGS), ...problems({ ...PARTNER_READ, 400: ['invalid-request'], 403: PARTNER_MANAGE[403], 413: ['body-too-large'] }) },
            }),
        },
        '/api/alerts': {
            get: op('alerts', ['Alerts'], 'The alerts that fired for the caller partner customers', {
                security: BEARER, parameters: [query('month', 'A UTC month, YYYY-MM (default: the current one).', { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })],
                responses: { 200: jsonExample('AlertList', 'Oldest first', { partnerId: '1001', month: '2026-11', alerts: [EXAMPLE_ALERT] }), ...problems({ ...PARTNER_WIDE, 400: ['invalid-request'] }) },
            }),
        },
        '/api/partners/{partnerId}/webhook': {
            get: op('partnerWebhook', ['Alerts'], 'The partner webhook without its secret', {
                security: BEARER, parameters: [PARTNER],
                responses: { 200: jsonExample('PartnerWebhook', 'The webhook (none: url null)', { partnerId: '1001', url: 'https://hooks.example.com/overage', secretSet: true, updatedAt: '2026-11-03T09:15:00.000Z', updatedBy: 'admin@contoso-telecom.example' }), ...problems(PARTNER_OWN) },
            }),
            put: op('partnerWebhook', ['Alerts'], 'Set the partner webhook', {
                security: BEARER, parameters: [PARTNER], requestBody: body('WebhookBody'),
                description: 'An AdminAgent sets where alerts are POSTed (https only) and the secret they are signed with: `X-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed with the secret>`, with `X-Delivery-Id` (the same on every attempt) and `X-Delivery-Attempt`. A 5xx, a timeout or a network error is tried again with doubling waits within WEBHOOK_RETRY_BUDGET_MS; a 4xx is not. The secret is never shown again.',
                responses: {
                    200: jsonExample('PartnerWebhook', 'The webhook stored', { partnerId: '1001', url: 'https://hooks.example.com/overage', secretSet: true, updatedAt: '2026-11-03T09:15:00.000Z', updatedBy: 'admin@contoso-telecom.example' }),
                    ...problems({ ...PARTNER_OWN, 400: ['invalid-request', 'webhook-url-not-allowed'], 403: ['role-not-permitted', 'caller-not-of-partner', 'indirect-reseller'], 413: ['body-too-large'] }),
                },
            }),
        },
        '/api/partners/{partnerId}/webhook/deliveries': {
            get: op('webhookDeliveries', ['Alerts'], 'Every webhook attempt and its outcome', {
                security: BEARER, parameters: [PARTNER, query('limit', '1 to 500 (default 100).', { type: 'integer', minimum: 1, maximum: 500 })],
                responses: {
                    200: jsonExample('WebhookDeliveryList', 'Newest first', { partnerId: '1001', items: [{ deliveryId: 'alertDelivery-6f1c2b8e9d0a4e57b1c3d5e7f9a1b3c5-1001', attempt: 1, partnerId: '1001', customerTenantId: EXAMPLE_CUSTOMER, alertIds: [EXAMPLE_ALERT.id], url: 'https://hooks.example.com/overage', at: '2026-11-20T03:04:12.000Z', outcome: 'delivered', status: 204, error: null, durationMs: 84, nextAttemptAt: null }] }),
                    ...problems({ ...PARTNER_OWN, 400: ['invalid-request'] }),
                },
            }),
        },
    };
}

export function buildOpenApiDocument(o: { version?: string } = {}): Record<string, unknown> {
    return {
        openapi: '3.1.0',
        info: {
            title: 'Telco Overage Orchestrator',
            version: o.version ?? '0.1.0',
            description: 'Switch on, hand over and bill telco pay-as-you-go overage for CSP partners\' customers. Errors are application/problem+json with a stable `code`, a `detail` and a `remedy`.',
        },
        // no `jsonSchemaDialect`: the default (OpenAPI 3.1's base dialect, JSON Schema 2020-12 with its vocabulary) is the one Swagger UI supports
        servers: [{ url: '/' }],
        tags: [
            { name: 'Overage', description: 'Enablements, runs, status, diagnostics, audit' },
            { name: 'Partner Center shape', description: 'Partner Center\'s own shapes, for existing partner tooling' },
            { name: 'Jobs', description: 'Bulk enablement: one run per customer of a selection, followed as one job' },
            { name: 'Handover', description: 'Moving a customer\'s overage between partners, and the parties\' answers' },
            { name: 'Accrual', description: 'Usage import, monthly accrual, reconciliation' },
            { name: 'Alerts', description: 'Thresholds on a customer\'s month to date, the alerts that fired, the partner\'s signed webhook' },
            { name: 'Operator', description: 'The deployment\'s operators (the host\'s system key)' },
            { name: 'Operations', description: 'Health and this document' },
        ],
        paths: paths(),
        components: {
            schemas: components(),
            securitySchemes: {
                partnerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An Entra ID token of a partner\'s agent (the simulator\'s locally: POST /simulator/token).' },
                functionKeyHeader: { type: 'apiKey', in: 'header', name: 'x-functions-key', description: 'The host\'s system key (operators).' },
                functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code', description: 'The host\'s system key (operators).' },
            },
        },
    };
}

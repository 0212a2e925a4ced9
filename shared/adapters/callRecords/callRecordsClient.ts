// Microsoft Graph's PSTN call log (GET /v1.0/communications/callRecords/
// getPstnCalls(fromDateTime=…,toDateTime=…)), read with the app's own
// permission in the customer's tenant (application permission
// CallRecords.Read.All): a token issued by that tenant in Azure, the customer
// named in a header for the simulator. Pages are followed through
// `@odata.nextLink` and yielded one at a time, each checked against the
// row's schema first; a window longer than Graph's 90 days is refused here
// rather than sent. Retries (429 Retry-After included) are the JSON client's.
import { UpstreamHttpError } from '../../core/faults/upstreamErrors';
import { createJsonClient, JsonClient, JsonClientOptions } from '../http/httpClient';
import type { CustomerTokenProvider, TokenProvider } from '../identity/tokenProviders';
import { CUSTOMER_TENANT_HEADER, GRAPH_SCOPE, GRAPH_URL } from '../tenantPolicies/tenantPoliciesClient';
import { CallRecords, CallRecordsConsentMissingError, MAX_WINDOW_MS, PstnCallPage, PstnCallPageBody, PstnWindow } from './pstnCalls';

export interface CallRecordsOptions extends Pick<JsonClientOptions, 'timeoutMs' | 'retries' | 'budgetMs' | 'backoffMs' | 'maxBackoffMs' | 'fetchImpl'> {
    baseUrl?: string;
    /** Tokens in the partner's tenant: what the simulator takes. */
    token: TokenProvider;
    /** Tokens issued by the customer's tenant (Azure: the app's own, consented there); `token` when absent. */
    customerToken?: CustomerTokenProvider;
    /** A guard against next links that never end: 2,000 pages are 2,000,000 calls of one window. */
    maxPages?: number;
}

export class CallRecordsClient implements CallRecords {
    constructor(private readonly o: CallRecordsOptions) {}

    async *pstnCalls(customerTenantId: string, window: PstnWindow): AsyncGenerator<PstnCallPage, void, undefined> {
        if (window.to - window.from > MAX_WINDOW_MS) throw new RangeError(`a PSTN call window is at most 90 days; ${iso(window.from)} to ${iso(window.to)} is longer`);
        const http = this.client(customerTenantId);
        const maxPages = this.o.maxPages ?? 2_000;
        const seen = new Set<string>();
        let next: string | undefined = `/v1.0/communications/callRecords/getPstnCalls(fromDateTime=${iso(window.from)},toDateTime=${iso(window.to)})`;
        for (let page = 1; next; page++) {
            if (page > maxPages) throw new Error(`the PSTN call log of ${customerTenantId} has more than ${maxPages} pages from ${iso(window.from)}: its next links look endless`);
            const body = await this.get(http, next, customerTenantId);
            yield { window, page, rows: body.value };
            next = body['@odata.nextLink'];
            if (next !== undefined && seen.has(next)) throw new Error(`Microsoft Graph linked the PSTN call log of ${customerTenantId} back to a page it had served`);
            if (next !== undefined) seen.add(next);
        }
    }

    private async get(http: JsonClient, path: string, customerTenantId: string) {
        try {
            return (await http.request('GET', path, { schema: PstnCallPageBody, headers: { [CUSTOMER_TENANT_HEADER]: customerTenantId } })).data;
        } catch (err) {
            if (err instanceof UpstreamHttpError && err.status === 403) throw new CallRecordsConsentMissingError(customerTenantId, graphMessage(err.problem));
            throw err;
        }
    }

    /** A client whose tokens come from the customer's tenant (made per customer: the tenant is part of the token). */
    private client(customerTenantId: string): JsonClient {
        const { customerToken, token } = this.o;
        return createJsonClient({
            ...this.o, name: 'microsoft-graph', baseUrl: this.o.baseUrl ?? GRAPH_URL,
            token: customerToken ? () => customerToken(GRAPH_SCOPE, customerTenantId) : () => token(GRAPH_SCOPE),
        });
    }
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Graph's error text (`{ error: { code, message } }`), for the log and the state's detail. */
function graphMessage(problem: unknown): string | undefined {
    const error = (problem as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const text = [error?.code, error?.message].filter((t): t is string => typeof t === 'string').join(': ');
    return text ? text.slice(0, 300) : undefined;
}

// Reads a customer's Communications Credits: balance and auto-recharge.
import { createJsonClient, JsonClient, JsonClientOptions } from '../http/httpClient';
import type { TokenProvider } from '../identity/tokenProviders';
import { PARTNER_CENTER_SCOPE } from '../partnerCenter/partnerCenterClient';
import { CreditsView } from './creditsSchemas';

export interface CreditsClientOptions extends Pick<JsonClientOptions, 'timeoutMs' | 'retries' | 'budgetMs' | 'backoffMs' | 'maxBackoffMs'> {
    baseUrl: string;
    token: TokenProvider;
}

export class CreditsClient {
    private readonly http: JsonClient;

    constructor(o: CreditsClientOptions) {
        this.http = createJsonClient({ ...o, name: 'communications-credits', token: () => o.token(PARTNER_CENTER_SCOPE) });
    }

    async credits(tenantId: string): Promise<CreditsView> {
        return (await this.http.request('GET', `/v1/customers/${encodeURIComponent(tenantId)}/communicationsCredits`, { schema: CreditsView })).data;
    }
}

// ARM refuses a request without an api-version, or with one the resource
// provider does not serve. The versions are Microsoft's published ones for
// each resource type the simulator serves (the shapes answered are those of
// the versions the app's clients use: Microsoft.Billing 2020-05-01,
// Microsoft.Subscription 2021-10-01, Microsoft.Authorization 2023-04-01).
import type { OutgoingHttp } from '../http/exchange';
import type { SimRequest } from '../http/router';
import { Acting, authenticate, ServiceContext } from './caller';
import { ARM } from './dialect';

export const API_VERSIONS = {
    billing: ['2020-05-01'],
    subscriptionAliases: ['2020-09-01', '2021-10-01'],
    policyAssignments: ['2019-09-01', '2020-09-01', '2021-06-01', '2022-06-01', '2023-04-01', '2024-04-01'],
} as const;

/** The refusal to answer, or undefined when the api-version is one `supported` lists. */
export function refuseApiVersion(req: SimRequest, supported: readonly string[]): OutgoingHttp | undefined {
    const given = [...new Set(req.url.searchParams.getAll('api-version'))];
    if (given.length === 0) return ARM.error(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    if (given.length === 1 && supported.includes(given[0])) return undefined;
    return ARM.error(400, 'InvalidApiVersionParameter', `The api-version '${given.join(',')}' is invalid. The supported versions are '${supported.join(',')}'.`);
}

/** An ARM caller as ARM checks it: the api-version first, then the token. */
export async function armCaller(ctx: ServiceContext, req: SimRequest, supported: readonly string[]): Promise<Acting | OutgoingHttp> {
    return refuseApiVersion(req, supported) ?? authenticate(ctx, req, ARM);
}

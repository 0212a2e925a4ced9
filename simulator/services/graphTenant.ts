// Which customer tenant a Graph read is about. Real Graph answers for the
// tenant its token was issued by; the simulator issues partner tokens only,
// so the customer is named in a header instead (the app sends the same).
import type { OutgoingHttp } from '../http/exchange';
import type { SimRequest } from '../http/router';
import { refuseDirectoryRead } from '../rules/graphAccess';
import type { CloudState } from '../state/cloudState';
import type { Customer } from '../world';
import { authenticate, isAnswer, refused, ServiceContext } from './caller';
import type { Dialect } from './dialect';

export const CUSTOMER_TENANT_HEADER = 'x-ms-customer-tenant';

/** The customer the header names, or Graph's 400 (no header) or 404 (no such tenant). */
export function customerTenant(req: SimRequest, state: CloudState, graph: Dialect): Customer | OutgoingHttp {
    const tenantId = req.headers[CUSTOMER_TENANT_HEADER];
    if (!tenantId) return graph.error(400, 'BadRequest', `Name the customer tenant in the ${CUSTOMER_TENANT_HEADER} header (real Graph takes it from the token).`);
    return state.customer(tenantId) ?? graph.error(404, 'Request_ResourceNotFound', `There is no tenant ${tenantId}.`);
}

export function isCustomer(x: Customer | OutgoingHttp): x is Customer {
    return 'tenantId' in x;
}

/**
 * A directory read in the customer's tenant (licences, users): a signed-in
 * partner, the tenant the header names, and GDAP that reads the directory;
 * else the answer that refuses it.
 */
export async function directoryTenant(req: SimRequest, ctx: ServiceContext, graph: Dialect): Promise<Customer | OutgoingHttp> {
    const a = await authenticate(ctx, req, graph);
    if (isAnswer(a)) return a;
    const c = customerTenant(req, ctx.state, graph);
    if (!isCustomer(c)) return c;
    const refusal = refuseDirectoryRead(ctx.state.world, a.partner, c);
    return refusal ? refused(graph, refusal) : c;
}

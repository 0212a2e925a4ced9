// Graph v1.0 `GET /users` in a customer's tenant, for what a pool's country
// needs: each user's usage location and licences (`$select=usageLocation,
// assignedLicenses`), optionally only those holding one product
// (`$filter=assignedLicenses/any(x:x/skuId eq {skuId})`). Users are the
// tenant's licence units (usage/tenantUsers.ts), once their licence is
// bought. Paged as Graph pages users: `$top` 1 to 999 (100 by default) and an
// absolute next link carrying an opaque `$skiptoken`. Read through GDAP,
// like the licences themselves.
import { nextLinkWith } from '../http/paging';
import { json, Router, SimRequest } from '../http/router';
import { TenantUser, usersOf } from '../usage/tenantUsers';
import type { ServiceContext } from './caller';
import type { Dialect } from './dialect';
import { directoryTenant, isCustomer } from './graphTenant';
import { skuOf } from './skuCatalogue';

const DEFAULT_TOP = 100;
const MAX_TOP = 999;
/** What a user shows without $select (a part of Graph's default set), and what $select may ask for. */
const DEFAULT_SELECT = ['id', 'displayName', 'userPrincipalName', 'mail', 'businessPhones'];
const SELECTABLE = new Set([...DEFAULT_SELECT, 'usageLocation', 'assignedLicenses']);
const SKU_FILTER = /^assignedLicenses\/any\((\w+):\1\/skuId eq ([0-9a-f-]{36})\)$/i;

export function registerUsers(router: Router, ctx: ServiceContext, graph: Dialect, now: () => number): void {
    router.on('GET', '/v1.0/users', async (req) => {
        const c = await directoryTenant(req, ctx, graph);
        if (!isCustomer(c)) return c;
        const q = parseQuery(req);
        if ('reason' in q) return graph.error(400, 'Request_UnsupportedQuery', q.reason);
        const at = now();
        const users = usersOf(c).filter((u) => u.heldFrom <= at && (q.skuId === undefined || skuOf(u.licence).skuId === q.skuId));
        const value = users.slice(q.skip, q.skip + q.top).map((u) => shown(u, q.select));
        const more = q.skip + q.top < users.length;
        return json(200, {
            '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users(${q.select.join(',')})`,
            value,
            ...(more ? { '@odata.nextLink': nextLinkWith(req, '$skiptoken', Buffer.from(`u${q.skip + q.top}`).toString('base64url')) } : {}),
        });
    });
}

function shown(u: TenantUser, select: string[]): Record<string, unknown> {
    const all: Record<string, unknown> = {
        id: u.userId,
        displayName: u.userDisplayName,
        userPrincipalName: u.userPrincipalName,
        mail: u.userPrincipalName,
        businessPhones: u.plan ? [u.number] : [],
        usageLocation: u.country,
        assignedLicenses: [{ disabledPlans: [], skuId: skuOf(u.licence).skuId }],
    };
    return Object.fromEntries(select.map((p) => [p, all[p]]));
}

function parseQuery(req: SimRequest): { select: string[]; skuId?: string; top: number; skip: number } | { reason: string } {
    const p = req.url.searchParams;
    const select = p.get('$select')?.split(',').map((s) => s.trim()).filter(Boolean) ?? DEFAULT_SELECT;
    const unknown = select.find((s) => !SELECTABLE.has(s));
    if (unknown) return { reason: `Could not find a property named '${unknown}' on type 'microsoft.graph.user' (the simulator serves ${[...SELECTABLE].join(', ')}).` };
    const filter = p.get('$filter');
    const skuId = filter === null ? undefined : SKU_FILTER.exec(filter.trim())?.[2].toLowerCase();
    if (filter !== null && !skuId) return { reason: `The simulator filters users only by assignedLicenses/any(x:x/skuId eq <skuId>), not ${filter}.` };
    const top = p.get('$top');
    if (top !== null && (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > MAX_TOP)) return { reason: `$top must be a whole number from 1 to ${MAX_TOP}.` };
    const token = p.get('$skiptoken');
    const skip = token === null ? 0 : skipOf(token);
    if (skip === undefined) return { reason: 'The $skiptoken is not one this service issued.' };
    return { select, skuId, top: top === null ? DEFAULT_TOP : Number(top), skip };
}

/** The token is opaque to clients: the offset of the next page. */
function skipOf(token: string): number | undefined {
    const m = /^u(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    return m ? Number(m[1]) : undefined;
}

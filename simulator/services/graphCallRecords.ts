// Graph v1.0 `GET /communications/callRecords/getPstnCalls(fromDateTime=…,toDateTime=…)`
// in a customer's tenant: the PSTN call log (usage/pstnCallLog.ts), read with
// the partner's app's consent (rules/graphAccess.ts). As Microsoft documents
// it: start times from `fromDateTime` to `toDateTime`, both inclusive, a range
// of at most 90 days, 1,000 rows a page and an `@odata.nextLink` to the next;
// `@odata.count` counts the rows of the page. The simulator also takes `$top`
// (1 to 1,000) and the world's `graph.pstnCallsPageSize`, so tests see pages
// with few rows; the next link carries `$skip`, as Microsoft's example does.
import { nextLinkWith } from '../http/paging';
import { json, Router, SimRequest } from '../http/router';
import { refuseCallRecords } from '../rules/graphAccess';
import { pstnCallsBetween } from '../usage/pstnCallLog';
import { authenticate, isAnswer, refused, ServiceContext } from './caller';
import type { Dialect } from './dialect';
import { customerTenant, isCustomer } from './graphTenant';

export const GRAPH_PAGE_SIZE = 1000;
const MAX_RANGE_MS = 90 * 86_400_000;
const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)';

export function registerCallRecords(router: Router, ctx: ServiceContext, graph: Dialect, now: () => number): void {
    const { state } = ctx;
    router.on('GET', '/v1.0/communications/callRecords/{call}', async (req) => {
        const a = await authenticate(ctx, req, graph);
        if (isAnswer(a)) return a;
        const args = /^getPstnCalls\((.*)\)$/i.exec(req.params.call)?.[1];
        if (args === undefined) return graph.error(404, 'Request_ResourceNotFound', `The simulator serves getPstnCalls(fromDateTime=…,toDateTime=…) here, not ${req.params.call}.`);
        const c = customerTenant(req, state, graph);
        if (!isCustomer(c)) return c;
        const refusal = refuseCallRecords(state.world, a.partner, c);
        if (refusal) return refused(graph, refusal);
        const range = parseRange(args);
        if ('reason' in range) return graph.error(400, 'BadRequest', range.reason);
        const paging = parsePaging(req, state.world.graph?.pstnCallsPageSize ?? GRAPH_PAGE_SIZE);
        if ('reason' in paging) return graph.error(400, 'BadRequest', paging.reason);
        const rows = pstnCallsBetween(c, range.from, range.to, now());
        const value = rows.slice(paging.skip, paging.skip + paging.size);
        const more = paging.skip + paging.size < rows.length;
        return json(200, {
            '@odata.context': CONTEXT,
            '@odata.count': value.length,
            value,
            ...(more ? { '@odata.nextLink': nextLinkWith(req, '$skip', String(paging.skip + paging.size)) } : {}),
        });
    });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

/** `fromDateTime=…,toDateTime=…` (either order): instants, or dates meaning midnight UTC; at most 90 days apart. */
function parseRange(args: string): { from: number; to: number } | { reason: string } {
    const values = new Map<string, string>();
    for (const part of args.split(',')) {
        const m = /^\s*(\w+)\s*=\s*(.*?)\s*$/.exec(part);
        const name = m?.[1].toLowerCase();
        if (!m || (name !== 'fromdatetime' && name !== 'todatetime')) return { reason: `getPstnCalls takes fromDateTime and toDateTime, not ${JSON.stringify(part.trim())}.` };
        if (values.has(name)) return { reason: `${m[1]} is given twice.` };
        values.set(name, m[2]);
    }
    const from = instant(values.get('fromdatetime'), 'fromDateTime');
    if (typeof from === 'string') return { reason: from };
    const to = instant(values.get('todatetime'), 'toDateTime');
    if (typeof to === 'string') return { reason: to };
    if (to < from) return { reason: 'toDateTime comes before fromDateTime.' };
    if (to - from > MAX_RANGE_MS) return { reason: 'The fromDateTime and toDateTime values cannot be more than a date range of 90 days.' };
    return { from, to };
}

function instant(value: string | undefined, name: string): number | string {
    if (value === undefined || value === '') return `${name} is required.`;
    if (!INSTANT.test(value)) return `${name} ${JSON.stringify(value)} is not a DateTimeOffset such as 2026-11-01T00:00:00Z.`;
    // Graph writes seven decimals; JavaScript dates keep three
    const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
    return Number.isNaN(ms) ? `${name} ${JSON.stringify(value)} is not a valid date.` : ms;
}

function parsePaging(req: SimRequest, pageSize: number): { skip: number; size: number } | { reason: string } {
    const top = req.url.searchParams.get('$top');
    const skip = req.url.searchParams.get('$skip');
    if (top !== null && (!/^\d+$/.test(top) || Number(top) < 1)) return { reason: `$top ${JSON.stringify(top)} must be a whole number from 1 (at most ${GRAPH_PAGE_SIZE} are served).` };
    if (skip !== null && !/^\d+$/.test(skip)) return { reason: `$skip ${JSON.stringify(skip)} must be a whole number.` };
    return { skip: skip === null ? 0 : Number(skip), size: Math.min(top === null ? pageSize : Number(top), GRAPH_PAGE_SIZE) };
}

// GET /api/readiness: the caller's partner's whole fleet, one row per customer
// and service, with its readiness state, blockers (each with its remedy), who
// pays beyond the included minutes now, the last run and the usage pull's
// state (with its remedy when the app lacks consent); filtered by state,
// blocker code, usage state and a name or tenant id substring, in name order,
// paged, with the counts per state and usage state of the whole fleet in
// every answer.
// GET /api/readiness.csv: the same rows (filters apply, no paging) for Excel.
// Served from the fleet view the sync keeps (no call to Partner Center).
import { Readable, pipeline } from 'node:stream';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { PHONE_SERVICES } from '../shared/core/overage/enablement';
import type { Dependencies } from '../shared/adapters/dependencies';
import { csvExport } from '../shared/features/export/csvExport';
import { FleetView } from '../shared/features/readiness/fleetView';
import type { ReadinessDoc } from '../shared/features/readiness/readinessDoc';
import { usageOfRow, usageRemedy } from '../shared/features/readiness/fleetUsage';
import { forecastOfMonth } from '../shared/features/readiness/fleetForecast';
import { monthOf } from '../shared/core/rating/month';
import { byName, ReadinessFilter } from '../shared/features/readiness/readinessStore';
import { READINESS_COLUMNS, readinessCsvRow } from '../shared/features/readiness/readinessColumns';
import { partnerGuarded, type Who } from './http/partnerGuard';
import { invalidRequest, problem } from './http/problem';
import { runPath } from './http/runResource';
import { partnerNames } from '../shared/features/partners/partnerNames';

const Query = ReadinessFilter.extend({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    continuationToken: z.string().regex(/^[A-Za-z0-9_-]{1,600}$/).optional(),
    /** An operator names the partner; a partner may only name itself. */
    partnerId: z.string().regex(/^\S{1,64}$/).optional(),
});

/** How many answers (a page of a query of a fleet generation) are kept. */
const KEEP_ANSWERS = 100;

/** The token is the last row returned (name, tenant id), so a page boundary survives rows added or removed before it. */
const Token = z.tuple([z.string(), z.string()]);
const encode = (d: ReadinessDoc) => Buffer.from(JSON.stringify([d.name, d.customerTenantId]), 'utf8').toString('base64url');
function decode(token: string): { name: string; customerTenantId: string } | undefined {
    try {
        const [name, customerTenantId] = Token.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
        return { name, customerTenantId };
    } catch {
        return undefined;
    }
}

/**
 * `month`: the app clock's current month (a row's forecast of another month is shown as none);
 * `ownerName`: the company name of the partner on record (overage.partnerName), null when it cannot be read.
 */
export function readinessItem(d: ReadinessDoc, env: Record<string, string | undefined>, month: string, ownerName: string | null = null) {
    return {
        customerTenantId: d.customerTenantId, name: d.name, service: d.service, reseller: d.reseller, state: d.state, blockers: d.blockers,
        payerNow: d.payerNow, postpaidActive: d.postpaidActive, overage: d.overage && { ...d.overage, partnerName: ownerName },
        lastRun: d.lastRun && { ...d.lastRun, href: runPath(d.customerTenantId, d.lastRun.id) },
        usage: { ...usageOfRow(d), ...usageRemedy(d, env), href: `/api/customers/${d.customerTenantId}/usage` },
        forecastOverage: forecastOfMonth(d, month),
        assessedAt: d.assessedAt,
    };
}

/** The partner whose fleet is asked for, or the answer refusing it. */
function partnerOf(who: Who, asked: string | undefined): string | HttpResponseInit {
    if (who.operator) return asked ?? problem(400, 'partner-required', 'An operator names the partner whose fleet to read.', { remedy: 'Name the partner whose fleet you want.' });
    if (asked !== undefined && asked !== who.caller.partnerId) {
        return problem(403, 'not-your-partner', `Agents of partner ${who.caller.partnerId} cannot read partner ${asked}'s fleet.`, { remedy: 'Leave the partner out: your own fleet is answered.' });
    }
    return who.caller.partnerId;
}

export function registerReadiness(deps: Dependencies): void {
    const view = new FleetView(deps.stateStore, PHONE_SERVICES);
    const answers = new Map<string, string>();
    const made = new WeakMap<ReadinessDoc, { month: string; ownerName: string | null; json: string }>();
    const itemJson = (d: ReadinessDoc, month: string, names: Map<string, string | null>) => {
        const ownerName = d.overage ? names.get(d.overage.partnerId) ?? null : null;
        let item = made.get(d);
        // made again only when the month or the name read differs (one that could not be read before)
        if (item?.month !== month || item.ownerName !== ownerName) made.set(d, (item = { month, ownerName, json: JSON.stringify(readinessItem(d, deps.env, month, ownerName)) }));
        return item!.json;
    };
    const parse = (req: HttpRequest) => Query.safeParse(Object.fromEntries(req.query.entries()));

    df.app.client.http('readiness', {
        route: 'readiness',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: partnerGuarded(deps, 'read', async (who, req): Promise<HttpResponseInit> => {
            const query = parse(req);
            if (!query.success) return invalidRequest(query.error, 'query');
            const partnerId = partnerOf(who, query.data.partnerId);
            if (typeof partnerId !== 'string') return partnerId;
            const { limit, continuationToken } = query.data;
            const after = continuationToken === undefined ? undefined : decode(continuationToken);
            if (continuationToken !== undefined && !after) return problem(400, 'invalid-continuation-token', 'The continuation token is not one this API gave.', { remedy: 'Read the list again from its first page.' });
            const fleet = await view.filtered(partnerId, query.data);
            // an answer is made once per fleet generation and query: the pages people open again and again cost a lookup
            const month = monthOf(deps.clock.now());
            const key = `${partnerId}\n${month}\n${fleet.stamp}\n${query.data.state ?? ''}\n${query.data.blocker ?? ''}\n${query.data.usage ?? ''}\n${query.data.q ?? ''}\n${limit}\n${continuationToken ?? ''}`;
            let body = answers.get(key);
            if (body === undefined) {
                const start = after ? firstAfter(fleet.matched, after) : 0;
                const page = fleet.matched.slice(start, start + limit);
                const names = await partnerNames(deps, who.operator ? null : who.caller, page.flatMap((d) => (d.overage ? [d.overage.partnerId] : [])));
                const rest = { counts: fleet.counts, blockerCounts: fleet.blockerCounts, usageCounts: fleet.usageCounts, matched: fleet.matched.length, asOf: fleet.asOf, continuationToken: start + limit < fleet.matched.length ? encode(page[page.length - 1]) : null };
                body = `{"items":[${page.map((d) => itemJson(d, month, names)).join(',')}],${JSON.stringify(rest).slice(1)}`;
                if (answers.size >= KEEP_ANSWERS) answers.delete(answers.keys().next().value!);
                answers.set(key, body);
            }
            return { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body };
        }),
    });

    df.app.client.http('readinessCsv', {
        route: 'readiness.csv',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: partnerGuarded(deps, 'read', async (who, req, _client, ctx: InvocationContext): Promise<HttpResponseInit> => {
            const query = parse(req);
            if (!query.success) return invalidRequest(query.error, 'query');
            const partnerId = partnerOf(who, query.data.partnerId);
            if (typeof partnerId !== 'string') return partnerId;
            const { matched } = await view.filtered(partnerId, query.data);
            const csv = pipeline(Readable.from(matched.map((d) => readinessCsvRow(d, deps.env))), csvExport(READINESS_COLUMNS), (err) => {
                if (err) ctx.error(`readiness.csv ${partnerId}: ${err.message}`);
            });
            return {
                headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="readiness-${partnerId}.csv"`, 'cache-control': 'no-store' },
                body: Readable.toWeb(csv) as ReadableStream,
            };
        }),
    });
}

/** The index of the first row after the token's row in name order (binary search). */
function firstAfter(rows: ReadinessDoc[], after: { name: string; customerTenantId: string }): number {
    const probe = { name: after.name, customerTenantId: after.customerTenantId } as ReadinessDoc;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (byName(rows[mid], probe) <= 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

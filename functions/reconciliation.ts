// GET /api/partners/{partnerId}/reconciliation/{yyyy-mm}.csv: the partner's
// reconciliation lines of a month as CSV (Partner Center's daily rated usage
// columns), streamed customer by customer. Only that partner's agents (or an
// operator) may read it.
import { pipeline, Readable } from 'node:stream';
import type { HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import { partnerLines } from '../shared/features/accrual/accrualStore';
import { RECONCILIATION_COLUMNS } from '../shared/core/rating/ratingModel';
import { Month } from '../shared/core/rating/month';
import { PartnerId } from '../shared/core/domain/primitives';
import { csvExport } from '../shared/features/export/csvExport';
import type { Dependencies } from '../shared/adapters/dependencies';
import { partnerGuarded } from './http/partnerGuard';
import { problem } from './http/problem';

export function registerReconciliation(deps: Dependencies): void {
    df.app.client.http('reconciliation', {
        route: 'partners/{partnerId}/reconciliation/{file}',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: partnerGuarded(deps, 'read', async (who, req, _client, ctx): Promise<HttpResponseInit> => {
            const partner = PartnerId.safeParse(req.params.partnerId);
            if (!partner.success) return problem(404, 'not-found', 'No partner has that id.', { remedy: 'Use your partner id at Partner Center, as the month\'s reconciliation mail links it.' });
            const partnerId = partner.data;
            const month = Month.safeParse(req.params.file?.replace(/\.csv$/, ''));
            if (!month.success || !req.params.file?.endsWith('.csv')) return problem(404, 'not-found', 'The file is named after its month, for example 2026-10.csv.', { remedy: 'Ask for the month\'s file by that name.' });
            if (!who.operator && who.caller.partnerId !== partnerId) {
                return problem(403, 'not-your-partner', `Agents of partner ${who.caller.partnerId} cannot read partner ${partnerId}'s reconciliation.`, { remedy: `Ask for your own partner's file (partner ${who.caller.partnerId}).` });
            }
            // a failure half-way (the store gone) ends the download, never the host
            const csv = pipeline(Readable.from(partnerLines(deps.stateStore, month.data, partnerId)), csvExport(RECONCILIATION_COLUMNS), (err) => {
                if (err) ctx.error(`reconciliation ${partnerId} ${month.data}: ${err.message}`);
            });
            return {
                headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="reconciliation-${partnerId}-${month.data}.csv"`, 'cache-control': 'no-store' },
                body: Readable.toWeb(csv) as ReadableStream,
            };
        }),
    });
}

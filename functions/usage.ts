// POST /api/customers/{customerTenantId}/usage[?mode=all-or-nothing|skip-bad-rows]
// with the Teams PSTN usage report (text/csv), by an AdminAgent of the
// customer's partner. The body is read as it streams in, one row at a time,
// so a file of any size costs the same memory. Answers 200 with the import's
// report; all-or-nothing (the default) with any bad row: 422 `bad-rows` and
// nothing imported. Before any row: 400 `missing-columns`, `empty-file`,
// 415 for another content type; a file that cannot be read on: 400
// `malformed-csv` naming the line (nothing imported, in either mode). A
// partner imports only calls made while its own overage setting was in force
// (docs/domain.md "Usage has an owner"): any other row is a bad row. Whatever
// the answer, the part of the body not read is read and dropped, so the
// connection it came on is clean for the next request.
import { app, HttpRequest, HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { partnerSource } from '../shared/core/rating/usageOwner';
import type { Dependencies } from '../shared/adapters/dependencies';
import { startAlertEvaluation } from '../shared/features/alerts/alertRuns';
import { partnerOwnership } from '../shared/features/usage/importOwnership';
import { importUsage } from '../shared/features/usage/importUsage';
import { newImportId } from '../shared/features/usage/stagedImport';
import { MalformedCsvError, openUsageCsv, UploadInterruptedError } from '../shared/features/usage/usageCsv';
import type { ImportMode } from '../shared/features/usage/usageStore';
import { guarded } from './http/guard';
import { problem } from './http/problem';

const MODES: readonly ImportMode[] = ['all-or-nothing', 'skip-bad-rows'];
const CSV_TYPES = ['text/csv', 'application/csv'];
const SEND_CSV = 'Send the Teams PSTN usage report as text/csv, with its header row (UsageId, Start Time, Duration Seconds, Call Type, Number Type, Domestic/International, Destination Dialed, User Location, Currency, Capability).';

export function registerUsage(deps: Dependencies): void {
    app.http('importUsage', {
        route: 'customers/{customerTenantId}/usage',
        methods: ['POST'],
        authLevel: 'anonymous',
        extraInputs: [df.input.durableClient()],
        handler: (req, ctx) => withUnreadDropped(req, (body) => guarded(deps, 'manage', async (g) => {
            const mode = (req.query.get('mode') ?? 'all-or-nothing') as ImportMode;
            if (!MODES.includes(mode)) return problem(400, 'invalid-request', `mode ${JSON.stringify(mode)} is not one of ${MODES.join(', ')}.`, { remedy: 'Leave mode out (all-or-nothing) or send mode=skip-bad-rows.' });
            const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
            if (!CSV_TYPES.includes(type)) return problem(415, 'unsupported-media-type', `The body is ${type || 'of no declared type'}, not text/csv.`, { remedy: SEND_CSV });
            const importId = newImportId();
            try {
                const csv = await openUsageCsv(body);
                if ('empty' in csv) return problem(400, 'empty-file', 'The file is empty: not even a header row.', { remedy: SEND_CSV });
                if (!('rows' in csv)) {
                    return problem(400, 'missing-columns', `The header row lacks ${csv.missing.join(', ')}.`, { remedy: SEND_CSV, missing: csv.missing, header: csv.header });
                }
                const ownership = await partnerOwnership(deps.stateStore, g.ms.partnerCenter, g.customerTenantId, g.caller.partnerId);
                const meta = { customerTenantId: g.customerTenantId, importId, mode, channel: 'csv' as const, source: partnerSource(g.caller.partnerId), partnerId: g.caller.partnerId, importedBy: g.caller.upn };
                const report = await importUsage(deps.stateStore, meta, csv.rows, { ownership });
                if (report.committed) {
                    await startAlertEvaluation(() => df.getClient(ctx), deps.clock, g.customerTenantId, (line) => ctx.warn(line));
                    return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: report };
                }
                return problem(422, 'bad-rows', `${report.badRows} of ${report.rowsRead} rows are bad; nothing was imported.`, {
                    title: 'Unprocessable Content', remedy: 'Fix the rows listed (the first 100 by line) and send the file again, or send it again skipping the bad rows to import the good ones only.', ...report,
                });
            } catch (err) {
                const refused = refusedUpload(err, importId);
                if (refused) return refused;
                throw err;
            }
        })(req, ctx)),
    });
}

function bodyOf(req: HttpRequest): Readable {
    return req.body ? Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>) : Readable.from([]);
}

/**
 * Answers with `handle`, then reads and drops what is left of the body. The
 * app's HTTP proxy keeps the host's connection for the next request once this
 * one's body has been read to its end: a body left half-read would hold that
 * request up until the connection timed out and was reset.
 */
async function withUnreadDropped(req: HttpRequest, handle: (body: Readable) => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
    const body = bodyOf(req);
    try {
        return await handle(body);
    } finally {
        if (!body.readableEnded) {
            body.unpipe();
            body.on('error', () => undefined); // the host cut it: nothing more to drop
            body.resume();
        }
    }
}

function refusedUpload(err: unknown, importId: string): HttpResponseInit | undefined {
    if (err instanceof MalformedCsvError) {
        return problem(400, 'malformed-csv', `Line ${err.line} cannot be read: ${err.reason}. Nothing was imported.`, {
            remedy: 'Fix the quoting at that line (a field with a comma, quote or line break is quoted whole, its quotes doubled) and send the file again.', line: err.line, importId,
        });
    }
    if (err instanceof UploadInterruptedError) {
        return problem(400, 'upload-interrupted', 'The upload ended before the file did. Nothing was imported.', { remedy: 'Send the file again.', importId });
    }
    return undefined;
}

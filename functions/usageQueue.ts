// PSTN usage arriving on Service Bus: each message on `pstn-usage` is one
// batch `{customerTenantId, rows: [...]}`, its rows keyed by the report's
// column names (any case) or by Graph getPstnCalls field names (id,
// startDateTime, licenseCapability, …; see shared/features/usage/graphUsage.ts). The
// sending agent travels as application properties (`partnerId`, `agentUpn`,
// `agentRoles`), as on the other request queues, and must pass the one
// authorisation: an AdminAgent at Partner Center, of the customer's partner;
// a batch may hold only calls made while that partner's own overage setting
// was in force (docs/domain.md "Usage has an owner"). A message is imported all-or-nothing, under an
// import id derived from its message id, so a redelivery changes nothing; one
// that can never be imported (invalid, refused, a bad row) is moved to
// `pstn-usage-rejected` with its reasons. Faults throw: Service Bus redelivers.
import { app, InvocationContext, output } from '@azure/functions';
import * as df from 'durable-functions';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { partnerSource } from '../shared/core/rating/usageOwner';
import { QUEUES } from '../shared/adapters/messaging/queueSender';
import type { Dependencies } from '../shared/adapters/dependencies';
import { startAlertEvaluation } from '../shared/features/alerts/alertRuns';
import { isGraphRow, GRAPH_FIELDS, rowOfGraph } from '../shared/features/usage/graphUsage';
import { partnerOwnership } from '../shared/features/usage/importOwnership';
import { importUsage, UsageImportReport } from '../shared/features/usage/importUsage';
import { AlreadyImportedError, newImportId } from '../shared/features/usage/stagedImport';
import { rowOfObject } from '../shared/features/usage/usageColumns';
import { authorised, readQueued, rejecter } from './queuedRequest';

/** A message is held in memory whole anyway; this keeps one within reason (Service Bus premium allows 100 MB). */
const MAX_ROWS = 100_000;
const QueuedUsage = z.object({
    customerTenantId: z.guid(),
    rows: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_ROWS),
});
const rejected = output.serviceBusQueue({ queueName: QUEUES.rejectedUsage, connection: 'ServiceBusConnection' });

export function registerUsageQueue(deps: Dependencies): void {
    app.serviceBusQueue('usageQueue', {
        queueName: QUEUES.usage,
        connection: 'ServiceBusConnection',
        extraOutputs: [rejected],
        extraInputs: [df.input.durableClient()],
        handler: async (message: unknown, ctx: InvocationContext) => {
            const reject = rejecter(message, ctx, rejected, 'usage batch');
            const queued = readQueued(message, ctx, QueuedUsage, reject);
            if (!queued) return;
            const { body: { customerTenantId, rows } } = queued;
            const caller = await authorised(deps.microsoft, queued.caller, { access: 'manage', customerTenantId }, reject);
            if (!caller) return;
            const ownership = await partnerOwnership(deps.stateStore, deps.microsoft(caller).partnerCenter, customerTenantId, caller.partnerId);
            // the message id keys the import: a redelivered message finds it committed
            const importId = queued.key ? `sb-${createHash('sha256').update(queued.key).digest('hex').slice(0, 32)}` : newImportId();
            try {
                const meta = { customerTenantId, importId, mode: 'all-or-nothing' as const, channel: 'queue' as const, source: partnerSource(caller.partnerId), partnerId: caller.partnerId, importedBy: caller.upn };
                const report = await importUsage(deps.stateStore, meta, inputs(rows), { ownership });
                if (!report.committed) return reject('bad-rows', badRowsText(report));
                ctx.log(`Usage batch ${String(ctx.triggerMetadata?.messageId)} → ${importId}: ${report.accepted} accepted, ${report.duplicates} duplicates, ${report.free} free`);
                await startAlertEvaluation(() => df.getClient(ctx), deps.clock, customerTenantId, (line) => ctx.warn(line));
            } catch (err) {
                if (!(err instanceof AlreadyImportedError)) throw err;
                ctx.log(`Usage batch ${String(ctx.triggerMetadata?.messageId)} was imported before (${importId})`);
            }
        },
    });
}

/** The rows as import input; `line` is the row's 1-based index, and a Graph row's bad column is named as Graph names it. */
async function* inputs(rows: Array<Record<string, unknown>>) {
    for (const [i, fields] of rows.entries()) {
        yield isGraphRow(fields) ? { line: i + 1, row: rowOfGraph(fields), names: GRAPH_FIELDS } : { line: i + 1, row: rowOfObject(fields) };
    }
}

function badRowsText(report: UsageImportReport): string {
    const listed = report.badRowsListed.map((b) => `row ${b.line}${b.column ? ` (${b.column})` : ''}: ${b.reason}`).join('; ');
    return `${report.badRows} of ${report.rowsRead} rows are bad, nothing was imported: ${listed}`;
}

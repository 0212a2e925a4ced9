// POST /api/customers/{customerTenantId}/usage/pull[ {"from":"YYYY-MM-DD"}]:
// an AdminAgent of the customer's partner pulls the customer's usage from
// Microsoft Graph now, as the daily timer would (from the cursor, or `from`,
// up to yesterday 24:00 UTC), and gets the import's report: the upload's
// counts, plus the span pulled, each window's import and the cursor before
// and after. 200 when every window committed; 409 `consent-missing` (what to
// do, the admin consent link); 422 `bad-rows` (a window Microsoft gave holds
// rows that cannot be rated: nothing of it imported); Microsoft's faults as
// 502/503/504. Windows committed before a failure stay, and the cursor with them.
import { app, type HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { startAlertEvaluation } from '../shared/features/alerts/alertRuns';
import { showPullOnFleets } from '../shared/features/readiness/fleetUsage';
import { UsagePullBody } from '../shared/features/usage/pull/pullBody';
import { dayStart, lastCompleteDayEnd } from '../shared/features/usage/pull/pullSpan';
import { readPullState } from '../shared/features/usage/pull/pullState';
import { pullUsage, type UsagePullReport } from '../shared/features/usage/pull/pullUsage';
import { usageStateView } from '../shared/features/usage/pull/usageStateView';
import { asFaultProblem, guarded } from './http/guard';
import { parseOptionalBody } from './http/body';
import { problem } from './http/problem';

const EXAMPLE = 'no body (pull from the cursor), or {"from":"2026-09-01"} to pull from that day (00:00 UTC)';

export function registerUsagePull(deps: Dependencies): void {
    app.http('pullUsage', {
        route: 'customers/{customerTenantId}/usage/pull',
        methods: ['POST'],
        authLevel: 'anonymous',
        extraInputs: [df.input.durableClient()],
        handler: guarded(deps, 'manage', async ({ caller, customerTenantId }, req, ctx) => {
            const body = await parseOptionalBody(req, UsagePullBody, 'pull request', EXAMPLE);
            if ('refused' in body) return body.refused;
            const from = body.data.from === undefined ? undefined : dayStart(body.data.from)!;
            const through = lastCompleteDayEnd(deps.clock.now());
            if (from !== undefined && from >= through) {
                return problem(400, 'invalid-request', `from ${body.data.from} is not before ${new Date(through).toISOString()}: only days that are over are pulled.`, { remedy: `Send ${EXAMPLE}; from must be yesterday or earlier.` });
            }
            // a pull may read many pages: each call to Graph gets a run's budget, not a synchronous read's
            const callRecords = deps.microsoft(caller, 'run').callRecords;
            const report = await pullUsage({ stateStore: deps.stateStore, callRecords, clock: deps.clock, afterPull: (state) => showPullOnFleets(deps.stateStore, state) }, { customerTenantId, partnerId: caller.partnerId, requestedBy: caller.upn, from });
            if (report.state === 'ok' || report.accepted > 0) await startAlertEvaluation(() => df.getClient(ctx), deps.clock, customerTenantId, (line) => ctx.warn(line));
            const usage = usageStateView(customerTenantId, await readPullState(deps.stateStore, customerTenantId), caller.partnerId, deps.env);
            return answer(report, usage);
        }),
    });
}

function answer(report: UsagePullReport, usage: ReturnType<typeof usageStateView>): HttpResponseInit {
    const body = {
        customerTenantId: report.customerTenantId, state: report.state, mode: 'all-or-nothing' as const,
        rowsRead: report.rowsRead, accepted: report.accepted, duplicates: report.duplicates, free: report.free, badRows: report.badRows,
        badRowsListed: report.badRowsListed, months: report.months, committed: report.state === 'ok',
        window: report.window, cursor: report.cursor, windows: report.windows, usage,
    };
    if (report.state === 'ok') return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: body };
    if (report.state === 'consent-missing') {
        return problem(409, 'consent-missing', usage.detail ?? 'Microsoft Graph refuses the customer\'s call log to the app.', { remedy: usage.remedy, adminConsentUrl: usage.adminConsentUrl, ...body });
    }
    const fault = report.fault!;
    if (fault.code === 'bad-rows') return problem(422, 'bad-rows', fault.detail, { title: 'Unprocessable Content', remedy: fault.remedy, ...body });
    return asFaultProblem(fault, body);
}

// One customer's pull: Microsoft Graph's PSTN call log from the customer's
// cursor (less the days Microsoft may log calls late; or, the first time, the
// first day of the previous month; or a day an AdminAgent names) up to
// yesterday 24:00 UTC, a window of at most 90 days
// at a time. Each window's rows go through the import the upload uses
// (validated, staged, committed whole; repeats of a row's `id` that day are
// duplicates), as Microsoft's rows; the cursor moves to a window's end only
// once its import committed. So a day missed is read by the next pull, and a
// pull repeated imports nothing new. A 403 from Graph is `consent-missing`, a
// fault or a refused window `failed`; whatever happened is stored as the
// customer's usage state, and the windows already committed stay.
import { CallRecordsConsentMissingError, pstnWindows, type CallRecords } from '../../../adapters/callRecords/pstnCalls';
import type { Clock } from '../../../core/clock';
import { faultOf, type Fault } from '../../../core/faults/stepFault';
import type { StateStore } from '../../../adapters/state/stateStore';
import { importUsage, type UsageImportReport } from '../importUsage';
import { newImportId } from '../stagedImport';
import { importInputs } from './pulledRows';
import { firstPullStart, lastCompleteDayEnd, resumeFrom } from './pullSpan';
import { PullCounts, readPullState, savePullState, UsagePullDoc, UsageState } from './pullState';

export interface PullDependencies {
    stateStore: StateStore;
    /** Graph's call log, as the partner's agent (in Azure, the app's own token in the customer's tenant). */
    callRecords: CallRecords;
    clock: Clock;
    /** Told the state the pull stored (the fleet view shows it): handed in, so the usage feature knows nothing of its readers. */
    afterPull?: (state: UsagePullDoc) => Promise<void>;
}

export interface PullRequest {
    customerTenantId: string;
    /** The partner whose agent acts, and who asked (an agent's UPN, or the timer's run). */
    partnerId: string;
    requestedBy: string;
    /** Pull from here (00:00 UTC of a day) instead of the cursor: an earlier span read again, or a first pull further back. */
    from?: number;
}

/** One window's import. */
export interface PulledWindow {
    from: string;
    to: string;
    importId: string;
    counts: PullCounts;
    committed: boolean;
}

export interface UsagePullReport extends PullCounts {
    customerTenantId: string;
    state: UsageState;
    /** The span asked for; null when there was nothing to pull (the cursor is at yesterday 24:00 already). */
    window: { from: string; to: string } | null;
    /** Where the cursor was, and where it is now. */
    cursor: { before: string | null; after: string | null };
    windows: PulledWindow[];
    /** From a refused window: its bad rows (the first 100) and the months it would have touched. */
    badRowsListed: UsageImportReport['badRowsListed'];
    months: string[];
    consentDetail?: string;
    fault?: Fault;
}

const ZERO: PullCounts = { rowsRead: 0, accepted: 0, duplicates: 0, free: 0, badRows: 0 };

export async function pullUsage(deps: PullDependencies, req: PullRequest): Promise<UsagePullReport> {
    const { stateStore: store, clock } = deps;
    const now = clock.now();
    const stored = await readPullState(store, req.customerTenantId);
    const before = stored?.cursor ?? null;
    const from = req.from ?? (before !== null ? resumeFrom(Date.parse(before), now) : firstPullStart(now));
    const to = lastCompleteDayEnd(now);
    const report: UsagePullReport = {
        customerTenantId: req.customerTenantId, state: 'ok', window: to > from ? { from: iso(from), to: iso(to) } : null,
        cursor: { before, after: before }, windows: [], ...ZERO, badRowsListed: [], months: [],
    };
    const doc = (cursor: string | null): Omit<UsagePullDoc, 'id'> => ({
        customerTenantId: req.customerTenantId, cursor, state: report.state, checkedAt: iso(clock.now()), partnerId: req.partnerId, requestedBy: req.requestedBy,
        lastPull: report.window && { ...report.window, counts: countsOf(report) },
        ...(report.consentDetail ? { consentDetail: report.consentDetail } : {}), ...(report.fault ? { fault: report.fault } : {}),
    });
    try {
        for (const window of pstnWindows(from, to)) {
            const imported = await importWindow(deps, req, window);
            report.windows.push(imported.window);
            add(report, imported.window.counts);
            report.months = [...new Set([...report.months, ...imported.report.months])].sort();
            if (!imported.window.committed) {
                report.state = 'failed';
                report.badRowsListed = imported.report.badRowsListed;
                report.fault = badRowsFault(imported.report, imported.window);
                break;
            }
            // the window's calls are committed: only now may the next pull start after them (the state is the last one known until the pull ends)
            report.cursor.after = (await savePullState(store, stored ? { ...withoutMeta(stored), cursor: imported.window.to } : doc(imported.window.to))).cursor;
        }
    } catch (err) {
        if (err instanceof CallRecordsConsentMissingError) {
            report.state = 'consent-missing';
            report.consentDetail = err.said ?? 'Microsoft Graph answered 403 Forbidden.';
        } else {
            report.state = 'failed';
            report.fault = faultOf(err);
        }
    }
    const saved = await savePullState(store, doc(report.cursor.after));
    report.cursor.after = saved.cursor;
    await deps.afterPull?.(saved);
    return report;
}

async function importWindow(deps: PullDependencies, req: PullRequest, window: { from: number; to: number }) {
    const importId = newImportId();
    const meta = {
        customerTenantId: req.customerTenantId, importId, mode: 'all-or-nothing' as const, channel: 'graph' as const,
        source: { kind: 'microsoft' as const }, partnerId: req.partnerId, importedBy: req.requestedBy,
    };
    const report = await importUsage(deps.stateStore, meta, importInputs(deps.callRecords.pstnCalls(req.customerTenantId, window)));
    return { report, window: { from: iso(window.from), to: iso(window.to), importId, counts: countsOf(report), committed: report.committed } };
}

function badRowsFault(report: UsageImportReport, window: PulledWindow): Fault {
    const first = report.badRowsListed[0];
    return {
        code: 'bad-rows',
        detail: `${report.badRows} of the ${report.rowsRead} calls Microsoft Graph gave from ${window.from} to ${window.to} cannot be rated (the first: call ${first?.line}${first?.column ? `, ${first.column}` : ''}: ${first?.reason}); nothing of that span was imported.`,
        remedy: 'A capability or country the rating does not know (PAYG_CAPABILITIES, the rating\'s tables) is the usual cause: fix the settings and pull again; the span is read again from the same cursor.',
    };
}

function withoutMeta(stored: UsagePullDoc & { pk?: string; etag?: string }): Omit<UsagePullDoc, 'id'> {
    const { id: _id, pk: _pk, etag: _etag, ...doc } = stored;
    return doc;
}

function countsOf(c: PullCounts): PullCounts {
    return { rowsRead: c.rowsRead, accepted: c.accepted, duplicates: c.duplicates, free: c.free, badRows: c.badRows };
}

function add(into: PullCounts, c: PullCounts): void {
    for (const k of Object.keys(ZERO) as Array<keyof PullCounts>) into[k] += c[k];
}

const iso = (ms: number): string => new Date(ms).toISOString();

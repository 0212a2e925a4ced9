// An import from start to end, whatever the rows come from (the CSV upload,
// a queued batch, or the pull from Microsoft Graph): each row is checked, then, for a partner's rows, the
// call's start against the partner's own periods (importOwnership.ts); free
// rows are counted, billable ones staged; then the import is committed, or,
// all-or-nothing with a bad row, discarded whole. A failure half-way (the
// upload cut, the store down) discards too: an import is never left half-visible.
import type { MicrosoftCharges } from '../../core/rating/ratingModel';
import { ratingRules } from '../../core/rating/ratingRules';
import type { StateStore } from '../../adapters/state/stateStore';
import { BadRow, BadRows } from './badRows';
import type { UsageOwnership } from './importOwnership';
import { Pacer } from './pacer';
import { ImportLimits, ImportMeta, StagedImport } from './stagedImport';
import type { UsageColumn } from './usageColumns';
import type { UsageInput } from './usageCsv';
import { checkUsageRow } from './usageRow';
import type { ImportMode, UsageImportCounts } from './usageStore';

/**
 * The answer of an import (and, refused, of its problem). rowsRead = accepted
 * + duplicates + free + badRows. `free` rows are calls the rating never bills
 * (ordinary inbound, conference dial-in): counted, checked, not stored.
 * `duplicates` are billable rows whose UsageId the supplier gave before for that day.
 */
export interface UsageImportReport extends UsageImportCounts {
    customerTenantId: string;
    importId: string;
    mode: ImportMode;
    badRowsListed: BadRow[];
    /** UTC months with accepted calls (refused: that would have had). */
    months: string[];
    committed: boolean;
}

/** How the input names a column (a queued Graph row says `startDateTime` for Start Time). */
export type ColumnNames = Partial<Record<UsageColumn, string>>;

/** One row to import: how its columns are named, and what Microsoft charged for it (kept with a billable call). */
export type ImportInput = UsageInput & { names?: ColumnNames; charges?: MicrosoftCharges };

export interface ImportOptions {
    /** Which calls the partner may supply; required for a partner's rows (Microsoft's need none). */
    ownership?: UsageOwnership;
    limits?: Partial<ImportLimits>;
}

export async function importUsage(store: StateStore, meta: ImportMeta, inputs: AsyncIterable<ImportInput>, o: ImportOptions = {}): Promise<UsageImportReport> {
    const { ownership } = o;
    if (meta.source.kind === 'partner' && ownership?.partnerId !== meta.source.partnerId) throw new Error(`usage import ${meta.importId}: partner ${meta.source.partnerId}'s rows need that partner's ownership periods`);
    const rules = ratingRules();
    const bad = new BadRows();
    const counts: UsageImportCounts = { rowsRead: 0, accepted: 0, duplicates: 0, free: 0, badRows: 0 };
    const pacer = new Pacer();
    const staged = await StagedImport.begin(store, meta, o.limits);
    try {
        for await (const input of inputs) {
            counts.rowsRead++;
            // the rows may keep coming faster than they are read: health probes and other requests get their turn
            if (pacer.due()) await pacer.pause();
            if ('malformed' in input) {
                bad.add({ line: input.line, ...input.malformed });
                continue;
            }
            const checked = checkUsageRow(input.row, rules);
            const column = (c: UsageColumn) => input.names?.[c] ?? c;
            if (checked.kind === 'bad') {
                bad.add({ line: input.line, column: checked.column && column(checked.column), reason: checked.reason });
                continue;
            }
            const refused = ownership?.refusal(checked.kind === 'free' ? checked.start : checked.call.start);
            if (refused) bad.add({ line: input.line, column: column('Start Time'), reason: refused });
            else if (checked.kind === 'free') counts.free++;
            else await staged.add(input.charges ? { ...checked.call, charges: input.charges } : checked.call);
        }
        counts.badRows = bad.count;
        const committed = !(meta.mode === 'all-or-nothing' && bad.count > 0);
        Object.assign(counts, await staged.settle(committed));
        const months = staged.months();
        if (committed) await staged.commit(counts);
        else await staged.discard();
        return { customerTenantId: meta.customerTenantId, importId: meta.importId, mode: meta.mode, ...counts, badRowsListed: bad.listed(), months, committed };
    } catch (err) {
        await staged.discard().catch(() => undefined); // the first failure is the one to report
        throw err;
    }
}

// The port for Microsoft Graph's PSTN call log (callRecords getPstnCalls):
// what the usage pull reads, page by page, for one customer and one window of
// call start times. Graph answers at most 90 days a request (its limit), so a
// longer span is split into windows first (pstnWindows).
import { z } from 'zod';

const DAY_MS = 86_400_000;

/** Graph refuses a range longer than this. */
export const MAX_WINDOW_MS = 90 * DAY_MS;

/** Call start times from `from` up to `to` (epoch ms, UTC). Graph reads both ends as inclusive. */
export interface PstnWindow {
    from: number;
    to: number;
}

/**
 * One pstnCallLogRow, as far as the app reads it: the fields the usage
 * import maps (shared/features/usage/graphUsage.ts) and Microsoft's own
 * charges, typed; every other field Graph sends is kept as it came.
 */
export const PstnCallLogRow = z.looseObject({
    /** Identifies the row (the report's UsageId); `callId` may repeat. */
    id: z.string().min(1),
    callId: z.string().nullish(),
    callType: z.string().nullish(),
    startDateTime: z.string().min(1),
    endDateTime: z.string().nullish(),
    duration: z.number().int().nullish(),
    destinationContext: z.string().nullish(),
    destinationName: z.string().nullish(),
    licenseCapability: z.string().nullish(),
    usageCountryCode: z.string().nullish(),
    currency: z.string().nullish(),
    charge: z.number().nullish(),
    connectionCharge: z.number().nullish(),
});
export type PstnCallLogRow = z.infer<typeof PstnCallLogRow>;

/** One page as Graph serves it (1,000 rows at most), checked before any row is used. */
export const PstnCallPageBody = z.object({
    value: z.array(PstnCallLogRow),
    '@odata.nextLink': z.string().min(1).optional(),
});

export interface PstnCallPage {
    window: PstnWindow;
    /** 1-based within the window. */
    page: number;
    rows: PstnCallLogRow[];
}

/** Graph answered 403: the app holds no consent (CallRecords.Read.All) in the customer's tenant. */
export class CallRecordsConsentMissingError extends Error {
    constructor(readonly customerTenantId: string, readonly said?: string) {
        super(`Microsoft Graph refused the PSTN call log of tenant ${customerTenantId} (403): the app has no consent there${said ? ` (${said})` : ''}`);
        this.name = 'CallRecordsConsentMissingError';
    }
}

export interface CallRecords {
    /** The window's calls, a page at a time as Graph serves them (only one page in memory). */
    pstnCalls(customerTenantId: string, window: PstnWindow): AsyncIterable<PstnCallPage>;
}

/** `[from, to]` cut into consecutive windows Graph accepts, each at most 90 days, the last ending at `to`. */
export function pstnWindows(from: number, to: number, maxMs = MAX_WINDOW_MS): PstnWindow[] {
    if (!(to > from)) return [];
    const windows: PstnWindow[] = [];
    for (let start = from; start < to; start += maxMs) windows.push({ from: start, to: Math.min(start + maxMs, to) });
    return windows;
}

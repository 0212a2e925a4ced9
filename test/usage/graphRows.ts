// Microsoft Graph's pstnCallLogRow for tests, and a stand-in of the call log
// port: the rows a customer's tenant holds, served a few to a page for the
// window asked, or refused as Graph refuses an app without consent.
import { CallRecords, CallRecordsConsentMissingError, PstnCallLogRow, PstnCallPage, PstnWindow } from '../../shared/adapters/callRecords/pstnCalls';

/** A domestic outbound call in Belgium on a Domestic Calling Plan, 2 minutes, with Microsoft's charge. */
export function graphRow(id: string, startDateTime: string, o: Partial<PstnCallLogRow> = {}): PstnCallLogRow {
    return {
        id, callId: `call-${id}`, callType: 'user_out', startDateTime, endDateTime: startDateTime, duration: 120,
        destinationContext: 'Domestic', destinationName: 'BE', licenseCapability: 'MCOPSTN1', usageCountryCode: 'BE',
        currency: 'EUR', charge: 0.03, connectionCharge: 0.01, calleeNumber: '+3221111111', callerNumber: '+3220000000', ...o,
    };
}

export class GraphStandIn implements CallRecords {
    /** Each customer's call log. */
    readonly rows = new Map<string, PstnCallLogRow[]>();
    /** Customers whose tenant has not consented to the app. */
    readonly withoutConsent = new Set<string>();
    /** Every window asked for, in order. */
    readonly asked: Array<PstnWindow & { customerTenantId: string }> = [];
    /** Set to fail a window (as a throttled or broken Graph would). */
    failWhen?: (window: PstnWindow) => Error | undefined;

    constructor(private readonly pageSize = 2) {}

    add(customerTenantId: string, ...rows: PstnCallLogRow[]): this {
        this.rows.set(customerTenantId, [...(this.rows.get(customerTenantId) ?? []), ...rows]);
        return this;
    }

    async *pstnCalls(customerTenantId: string, window: PstnWindow): AsyncGenerator<PstnCallPage> {
        this.asked.push({ customerTenantId, ...window });
        if (this.withoutConsent.has(customerTenantId)) throw new CallRecordsConsentMissingError(customerTenantId, 'Forbidden: no app role CallRecords.Read.All');
        const failure = this.failWhen?.(window);
        if (failure) throw failure;
        // as Graph: start times within the window, both ends included
        const inWindow = (this.rows.get(customerTenantId) ?? []).filter((r) => Date.parse(r.startDateTime) >= window.from && Date.parse(r.startDateTime) <= window.to);
        for (let i = 0, page = 1; i === 0 || i < inWindow.length; i += this.pageSize, page++) yield { window, page, rows: inWindow.slice(i, i + this.pageSize) };
    }
}

// The month's overage forecast on the fleet view: after a customer's usage
// import or pull, each fleet holding the customer gets, on the customer's
// row, the forecast of its own partner's overage this month (the month to
// date of shared/features/forecast, handed in). Written here, once per import,
// so GET /api/readiness stays a read of stored rows: no rating per request.
import type { StateStore } from '../../adapters/state/stateStore';
import type { MonthToDate } from '../../core/forecast/monthToDate';
import { PHONE_SERVICES } from '../../core/overage/enablement';
import { readDoc } from '../readModel/readModel';
import type { FleetForecast, ReadinessDoc } from './readinessDoc';
import { readReadiness, saveReadiness, touch } from './readinessStore';

/** The customer's month to date at `at`, its overage that of `partnerId`'s lines. */
export type PartnerMonthToDate = (customerTenantId: string, at: number, partnerId: string) => Promise<MonthToDate>;

export interface FleetForecastDeps {
    stateStore: StateStore;
    monthToDate: PartnerMonthToDate;
}

export function fleetForecastOf(mtd: MonthToDate, at: number): FleetForecast {
    return { month: mtd.month, currency: mtd.currency, overageAmount: { ...mtd.forecast.overageAmount }, asOf: mtd.asOf, at: new Date(at).toISOString() };
}

/** Writes the forecast onto the customer's row in every fleet that holds it; how many rows it wrote. */
export async function showForecastOnFleets(deps: FleetForecastDeps, customerTenantId: string, at: number): Promise<number> {
    const viewers = (await readDoc(deps.stateStore, customerTenantId, PHONE_SERVICES))?.viewers ?? [];
    let written = 0;
    for (const partnerId of new Set(viewers)) {
        const row = await readReadiness(deps.stateStore, partnerId, customerTenantId, PHONE_SERVICES);
        if (!row) continue;
        const forecast = fleetForecastOf(await deps.monthToDate(customerTenantId, at, partnerId), at);
        const { pk: _pk, etag: _etag, ...stored } = row as ReadinessDoc & { pk?: string; etag?: string };
        await saveReadiness(deps.stateStore, { ...stored, forecast });
        await touch(deps.stateStore, partnerId);
        written++;
    }
    return written;
}

/** The row's forecast if it is of `month` (a forecast of a month gone by is no forecast of this one). */
export const forecastOfMonth = (d: ReadinessDoc, month: string): FleetForecast | null => (d.forecast?.month === month ? d.forecast : null);

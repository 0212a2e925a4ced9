// Where the alerts get a customer's month to date from: monthToDate of
// shared/features/forecast/monthToDate.ts (what GET .../accruals/current
// answers), handed to the evaluation as a plain function so the evaluation
// does not depend on how the month is rated.
import type { Dependencies } from '../../adapters/dependencies';
import { monthToDate } from '../forecast/monthToDate';
import type { MonthToDateReader } from './evaluateAlerts';

export function monthToDateOf(deps: Dependencies): MonthToDateReader {
    return (customerTenantId, at, partnerId) => monthToDate(deps, customerTenantId, at, partnerId);
}

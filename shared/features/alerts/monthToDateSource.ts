// Where the alerts get a customer's month to date from: monthToDate of
// shared/features/forecast/monthToDate.ts (issue 22's month-to-date part),
// handed to the evaluation as a plain function so the evaluation does not
// depend on how the month is rated.
import type { Dependencies } from '../../adapters/dependencies';
import type { MonthToDateReader } from './evaluateAlerts';

// WIRING POINT: replace the body with `(customerTenantId, at, partnerId) => monthToDate(deps, customerTenantId, at, partnerId)`
// once shared/features/forecast/monthToDate.ts is on main.
export function monthToDateOf(_deps: Dependencies): MonthToDateReader {
    return async () => {
        throw new Error('the month to date is not available yet (shared/features/forecast/monthToDate.ts)');
    };
}

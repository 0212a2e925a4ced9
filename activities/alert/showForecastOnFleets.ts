// After a usage import or pull: the month's overage forecast onto the
// customer's row in every fleet holding it, so the fleet page can show and
// sort it without rating anything per request. Run again, it writes the same.
import { showForecastOnFleets } from '../../shared/core/steps/alertSteps';
import { monthToDateOf } from '../../shared/features/alerts/monthToDateSource';
import { showForecastOnFleets as writeForecasts } from '../../shared/features/readiness/fleetForecast';
import { implement } from '../implement';

export const showForecastOnFleetsActivity = implement(showForecastOnFleets, async ({ customerTenantId }, deps) => ({
    rows: await writeForecasts({ stateStore: deps.stateStore, monthToDate: monthToDateOf(deps) }, customerTenantId, deps.clock.now()),
}));

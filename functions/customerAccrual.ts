// GET /api/customers/{customerTenantId}/accruals: the months rated for the
// customer, newest first (a picker lists them; a month not in it is not
// asked for, so a page never meets a 404 for an unrated month), each with
// the caller's partner's own overage and lines only.
// GET /api/customers/{customerTenantId}/accruals/{yyyy-mm}: the customer's
// month as rated: pools used, billable minutes, credits, overage, refused
// calls, warnings (of the caller's partner's own rows too), and the caller's partner's reconciliation lines with their
// total as `overageAmount` (a month split by a handover shows each partner only
// its own lines and what it bills, never the other partner's amount).
import * as df from 'durable-functions';
import { isPartnersLine, ratedMonths, readAccrual, type StoredAccrual } from '../shared/features/accrual/accrualStore';
import { formatMicro4, toMicro } from '../shared/core/rating/money';
import { Month } from '../shared/core/rating/month';
import type { Dependencies } from '../shared/adapters/dependencies';
import { guarded } from './http/guard';
import { CURRENT_MONTH, monthToDateHandler } from './customerAccrualCurrent';
import { problem } from './http/problem';
import type { CustomerAccrualList } from '../shared/features/api/apiSchemas';

export function registerCustomerAccrual(deps: Dependencies): void {
    const current = monthToDateHandler(deps);
    df.app.client.http('customerAccrual', {
        route: 'customers/{customerTenantId}/accruals/{month?}',
        methods: ['GET'],
        authLevel: 'anonymous',
        // a host that tries this route before the literal .../accruals/current still answers the month to date
        handler: (req, _client, ctx) => req.params.month?.toLowerCase() === CURRENT_MONTH ? current(req, ctx) : guarded(deps, 'read', async ({ caller, customerTenantId }) => {
            if (req.params.month === undefined) {
                const origin = new URL(req.url).origin;
                const items = (await ratedMonths(deps.stateStore, customerTenantId, LISTED)).map((a) => listed(a, caller.partnerId, origin));
                return { headers: { 'cache-control': 'no-store' }, jsonBody: { customerTenantId, items } satisfies CustomerAccrualList };
            }
            const month = Month.safeParse(req.params.month);
            if (!month.success) return problem(400, 'invalid-request', 'The month must be written YYYY-MM.', { remedy: 'Write the year and the month, for example 2026-10.' });
            const accrual = await readAccrual(deps.stateStore, customerTenantId, month.data);
            if (!accrual) return problem(404, 'accrual-not-found', `${month.data} has not been rated for this customer.`, { remedy: 'Import the month\'s usage, then rate the month.' });
            const { id: _id, partnerIds: _partners, lines, warnings, partnerWarnings, ...totals } = accrual;
            const mine = lines.filter((l) => isPartnersLine(l, caller.partnerId));
            const overageAmount = totalOf(mine);
            return {
                headers: { 'cache-control': 'no-store' },
                // another partner's left-out rows are its own business: each partner sees only its own
                jsonBody: { ...totals, overageAmount, warnings: [...warnings, ...(partnerWarnings?.[caller.partnerId] ?? [])], lines: mine.map(({ id, ...line }) => ({ id, ...line })) },
            };
        })(req, ctx),
    });
}

/** Two years of months: more than a picker shows, few enough to read at once. */
const LISTED = 24;

const totalOf = (lines: StoredAccrual['lines']): string => formatMicro4(lines.reduce((sum, l) => sum + toMicro(l.BillingPreTaxTotal, 'BillingPreTaxTotal'), 0));

function listed(a: StoredAccrual, partnerId: string, origin: string): CustomerAccrualList['items'][number] {
    const mine = a.lines.filter((l) => isPartnersLine(l, partnerId));
    return {
        month: a.month, status: a.status, ...(a.ratedAt ? { ratedAt: a.ratedAt } : {}), currency: a.currency, overageAmount: totalOf(mine), lines: mine.length,
        href: new URL(`/api/customers/${a.customerTenantId}/accruals/${a.month}`, origin).toString(),
    };
}

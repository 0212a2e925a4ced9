// The customers a month's accrual rates: those with usage imported for it;
// for a partner's own run, only the ones that are its customers.
import { hasCustomer } from '../../shared/features/accrual/customerCaller';
import { customersWithUsage } from '../../shared/features/usage/usageStore';
import { listAccrualCustomers } from '../../shared/core/steps/accrualSteps';
import { implement } from '../implement';

export const listAccrualCustomersActivity = implement(listAccrualCustomers, async ({ month, caller }, { stateStore, microsoft }) => {
    const all = await customersWithUsage(stateStore, month);
    if (!caller) return { customers: [...all].sort() };
    const mine = await Promise.all(all.map(async (c) => ((await hasCustomer(microsoft, caller, c)) ? c : undefined)));
    return { customers: mine.filter((c): c is string => c !== undefined).sort() };
});

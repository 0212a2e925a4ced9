// Starts one customer's enablement for its job (or joins the run the job
// started for it before a crash), and records the item. Needs the durable
// client: the run is an orchestration of its own.
import * as df from 'durable-functions';
import { startJobCustomer } from '../../shared/core/steps/jobSteps';
import { startCustomer } from '../../shared/features/jobs/jobRuns';
import { implement } from '../implement';

export const startJobCustomerActivity = implement(startJobCustomer, async ({ jobId, caller, options, customer }, deps, ctx) => {
    return startCustomer(deps, df.getClient(ctx), jobId, caller, options, customer, (line) => ctx.warn(line));
}, { extraInputs: [df.input.durableClient()] });

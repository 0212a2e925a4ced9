// The next customers of a job to start, in the job's order, from its roster
// (customers the fleet view did not know were refused when the job was asked
// for and are passed over).
import { nextJobCustomers } from '../../shared/core/steps/jobSteps';
import { readJob, ROSTER_CHUNK, rosterChunk } from '../../shared/features/jobs/jobStore';
import { implement } from '../implement';

export const nextJobCustomersActivity = implement(nextJobCustomers, async ({ jobId, partnerId, from, count }, { stateStore: store }) => {
    const job = await readJob(store, partnerId, jobId);
    if (!job) throw new Error(`Job ${jobId} of partner ${partnerId} has no document.`);
    const customers = [];
    let index = from;
    while (customers.length < count && index < job.total) {
        const chunk = Math.floor(index / ROSTER_CHUNK);
        const entries = await rosterChunk(store, job, chunk);
        for (let k = index - chunk * ROSTER_CHUNK; k < entries.length && customers.length < count; k++, index++) {
            const e = entries[k];
            if (e.known) customers.push({ index, customerTenantId: e.id, name: e.name, resellerPartnerId: e.reseller });
        }
        if (entries.length < ROSTER_CHUNK && index >= chunk * ROSTER_CHUNK + entries.length) index = job.total; // the last chunk
    }
    return { customers, next: Math.min(index, job.total) };
});

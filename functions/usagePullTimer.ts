// The daily usage pull's timer: at 03:00 UTC (USAGE_PULL_SCHEDULE, a
// six-field NCRONTAB expression, overrides it) it starts the usagePull
// orchestration, which pulls every known customer's calls of the days that
// are over. Its instance id is the day's, so a second firing that day (a
// restart, a past-due catch-up) finds the run and starts nothing.
import * as df from 'durable-functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { ORCHESTRATIONS } from '../shared/core/steps/orchestrationNames';
import type { UsagePullInput } from '../shared/core/steps/usagePullSteps';
import { usagePullConcurrency, usagePullSchedule } from '../shared/features/usage/pull/pullConfig';

export function registerUsagePullTimer(deps: Dependencies): void {
    df.app.client.timer('usagePullTimer', {
        schedule: usagePullSchedule(deps.env),
        handler: async (_timer, client, ctx) => {
            const now = deps.clock.now();
            const day = new Date(now).toISOString().slice(0, 10);
            const id = `${ORCHESTRATIONS.usagePull}-${day}`;
            const existing = await client.getStatus(id).catch(() => undefined);
            if (existing && ['Running', 'Pending', 'Completed', 'ContinuedAsNew'].includes(existing.runtimeStatus)) {
                ctx.log(`Usage pull of ${day} already ran (${existing.runtimeStatus}).`);
                return;
            }
            const input: UsagePullInput = { day, concurrency: usagePullConcurrency(deps.env), requestedAt: new Date(now).toISOString() };
            try {
                await client.startNew(ORCHESTRATIONS.usagePull, { instanceId: id, input });
            } catch (err) {
                // another firing started the day's run between the look and the start (the client answers 409): that run is the day's
                if (!isConflict(err)) throw err;
                ctx.log(`Usage pull of ${day} is being started by another firing.`);
                return;
            }
            ctx.log(`Usage pull of ${day} started (${id}).`);
        },
    });
}

/** durable-functions' client reports an instance id already taken as an error naming status 409. */
function isConflict(err: unknown): boolean {
    return err instanceof Error && /\b409\b/.test(err.message);
}

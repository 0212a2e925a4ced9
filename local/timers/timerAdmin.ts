// The admin API's functions section, as Azure's: POST /admin/functions/{name}
// runs a non-HTTP function now (here: a timer, e.g. the fleet sync or the
// accrual) and answers 202 at once; the invocation is logged as any other.
// With timers switched off (tests), this is how a test runs one.
import { AdminSection, adminNotFound } from '../http/adminMount';
import { hostProblem as problem, json } from '../http/respond';
import type { FunctionHost } from '../worker/functionHost';

export function timerAdmin(functions: FunctionHost, log: (line: Record<string, unknown>) => void): AdminSection {
    return async (req, parts, subPath) => {
        if (parts.length !== 1) return adminNotFound(req, subPath);
        const fn = functions.get(parts[0]);
        if (!fn || fn.trigger.type !== 'timerTrigger') return problem(404, 'not-found', `No timer function named ${parts[0]}.`);
        if (req.method !== 'POST') {
            const refused = problem(405, 'method-not-allowed', `${req.method} is not served on /admin/functions/{name}: POST it.`);
            return { ...refused, headers: { ...refused.headers, allow: 'POST' } };
        }
        const trigger = { Schedule: { AdjustForDST: true }, ScheduleStatus: null, IsPastDue: false };
        // as in Azure, accepted now; the outcome is in the invocation log
        void functions.invoke(fn, { json: JSON.stringify(trigger) }).catch((err: Error) => log({ level: 'error', function: fn.metadata.name, message: err.message }));
        return json(202, { function: fn.metadata.name, status: 'accepted' });
    };
}

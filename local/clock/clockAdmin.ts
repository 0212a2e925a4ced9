// The admin API's clock section: GET /admin/clock says what time the host
// lives on; PUT {"now": "2026-11-29T12:00:00Z"} moves it there (and it runs on
// from there); DELETE goes back to real time.
import { z } from 'zod';
import { parseJsonBody } from '../../shared/adapters/http/jsonBody';
import { AdminSection, adminNotFound } from '../http/adminMount';
import { hostProblem as problem, json } from '../http/respond';
import { HostClock } from './hostClock';

// a zone is required: a time without one is a different instant on every machine
const ClockBody = z.object({ now: z.iso.datetime({ offset: true }) });
const USAGE = 'Send {"now": "<ISO 8601 date and time with Z or an offset>"}, e.g. {"now": "2026-11-29T12:00:00Z"}';

export function clockAdmin(clock: HostClock): AdminSection {
    return async (req, parts, subPath) => {
        if (parts.length) return adminNotFound(req, subPath);
        if (req.method === 'GET') return json(200, clock.view());
        if (req.method === 'DELETE') {
            await clock.reset();
            return json(200, clock.view());
        }
        if (req.method !== 'PUT') {
            const refused = problem(405, 'method-not-allowed', `${req.method} is not served on /admin/clock: GET, PUT or DELETE it.`);
            return { ...refused, headers: { ...refused.headers, allow: 'GET, PUT, DELETE' } };
        }
        const parsed = parseJsonBody(req.body.toString('utf8'));
        if (!parsed.ok) return problem(400, 'invalid-json', `${parsed.detail} ${USAGE}.`);
        const body = ClockBody.safeParse(parsed.value);
        const at = body.success ? Date.parse(body.data.now) : NaN;
        if (!(at >= 0)) return problem(400, 'invalid-clock', `${USAGE}, at or after 1970.`);
        await clock.set(at);
        return json(200, clock.view());
    };
}

// The fleet sync's settings, checked at start-up with the rest (features/config/appConfig.ts).
//   READINESS_MAX_AGE_MS  an assessment younger than this is kept by the next round (default 0: every
//                         round assesses every customer). A large fleet sets it (e.g. 21600000, six
//                         hours) so a round reads only new customers, those an `unknown` blocker left,
//                         and those whose assessment aged out; a run's end assesses its customer anyway.
import { z } from 'zod';

export const readinessEnv = z.object({
    READINESS_MAX_AGE_MS: z.coerce.number().int().min(0).default(0),
});

export function readinessMaxAgeMs(env: Record<string, string | undefined>): number {
    return readinessEnv.parse(env).READINESS_MAX_AGE_MS;
}

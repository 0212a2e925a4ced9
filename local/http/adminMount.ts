// The host's admin API under /admin/ (the host's system key required, as
// Azure's admin endpoints want the master key): each section serves its own
// first path segment, /admin/queues/... and /admin/clock.
import { hostProblem as problem, IncomingHttp, OutgoingHttp, RequestHead } from './respond';
import { Mount } from './server';
import { hasSystemKey } from './systemKey';

/** One section: `parts` are the decoded path segments after its name; `subPath` is the whole path after /admin/. */
export type AdminSection = (req: IncomingHttp, parts: string[], subPath: string) => Promise<OutgoingHttp>;

export function adminMount(key: string, sections: Record<string, AdminSection>): Mount {
    return {
        prefix: '/admin/',
        authorize(req: RequestHead): OutgoingHttp | undefined {
            if (hasSystemKey(req, key)) return undefined;
            return problem(401, 'host-key-required', 'A valid host key is required (x-functions-key header).');
        },
        async handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp> {
            const [root, ...parts] = subPath.split('/').filter(Boolean).map(decodeURIComponent);
            const section = Object.hasOwn(sections, root ?? '') ? sections[root] : undefined;
            return section ? section(req, parts, subPath) : adminNotFound(req, subPath);
        },
    };
}

export function adminNotFound(req: IncomingHttp, subPath: string): OutgoingHttp {
    return problem(404, 'not-found', `No admin API at ${req.method} ${subPath}.`);
}

// Puts the management API on the public listener (system key required) and
// on the internal RPC listener (loopback only, no key), as the extension does.
import { hostProblem, IncomingHttp, json, OutgoingHttp, RequestHead } from '../http/respond';
import { Mount } from '../http/server';
import { hasSystemKey } from '../http/systemKey';
import { ManagementApi, WEBHOOK_PATH } from './managementApi';

export function durableMount(api: ManagementApi, systemKey: string | undefined): Mount {
    return {
        prefix: WEBHOOK_PATH,
        authorize(req: RequestHead): OutgoingHttp | undefined {
            if (systemKey === undefined || hasSystemKey(req, systemKey)) return undefined;
            return hostProblem(401, 'system-key-required', 'A valid system key is required (code query parameter).');
        },
        async handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp> {
            const res = await api.handle({
                method: req.method, path: subPath, query: req.url.searchParams, body: req.body.toString('utf8'),
                origin: req.url.origin, continuationToken: req.headers['x-ms-continuation-token'],
            });
            return json(res.status, res.body, res.headers);
        },
    };
}

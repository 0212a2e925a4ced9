// Puts the management API on the public listener (system key required) and
// on the internal RPC listener (loopback only, no key), as the extension does.
import { IncomingHttp, OutgoingHttp } from '../http/functionRoutes';
import { hostProblem, json, Mount } from '../http/server';
import { ManagementApi, WEBHOOK_PATH } from './managementApi';

export function durableMount(api: ManagementApi, systemKey: string | undefined): Mount {
    return {
        prefix: WEBHOOK_PATH,
        async handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp> {
            if (systemKey !== undefined && (req.url.searchParams.get('code') ?? req.headers['x-functions-key']) !== systemKey) {
                return hostProblem(401, 'A valid system key is required (code query parameter).');
            }
            const res = await api.handle({
                method: req.method, path: subPath, query: req.url.searchParams, body: req.body.toString('utf8'),
                origin: req.url.origin, continuationToken: req.headers['x-ms-continuation-token'],
            });
            return json(res.status, res.body, res.headers);
        },
    };
}

// The Durable extension's HTTP API: the webhooks under
// /runtime/webhooks/durabletask (guarded by the system key, as in Azure) and the
// same routes without a key on the internal RPC listener the durable client uses.
import { randomUUID } from 'node:crypto';
import { DurableEngine, InstanceConflictError } from './engine';
import { RuntimeStatus, StatusView, TERMINAL } from './model';

export const WEBHOOK_PATH = '/runtime/webhooks/durabletask/';

export interface ApiRequest {
    method: string;
    /** Path below the durabletask root, e.g. `instances/abc/raiseEvent/Approval`. */
    path: string;
    query: URLSearchParams;
    body: string;
    /** Origin the caller used, for the URLs we hand back. */
    origin: string;
    /** Paging token of instance queries (request header `x-ms-continuation-token`). */
    continuationToken?: string;
}

export interface ApiResponse {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
}

export interface ManagementUrlsOptions {
    taskHub: string;
    systemKey: string;
}

/** The `durableClient` input binding value (what the extension gives the worker). */
export function durableClientData(publicOrigin: string, rpcOrigin: string, o: ManagementUrlsOptions) {
    const base = `${publicOrigin}${WEBHOOK_PATH}`;
    const qs = `taskHub=${o.taskHub}&connection=Storage&code=${o.systemKey}`;
    const instance = `${base}instances/INSTANCEID`;
    return {
        taskHubName: o.taskHub,
        creationUrls: {
            createNewInstancePostUri: `${base}orchestrators/{functionName}[/{instanceId}]?code=${o.systemKey}`,
            createAndWaitOnNewInstancePostUri: `${base}orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=${o.systemKey}`,
        },
        managementUrls: managementUrls(instance, qs, 'INSTANCEID'),
        baseUrl: base,
        requiredQueryStringParameters: `code=${o.systemKey}`,
        rpcBaseUrl: `${rpcOrigin}${WEBHOOK_PATH}`,
    };
}

function managementUrls(instanceUrl: string, qs: string, id: string) {
    return {
        id,
        statusQueryGetUri: `${instanceUrl}?${qs}`,
        sendEventPostUri: `${instanceUrl}/raiseEvent/{eventName}?${qs}`,
        terminatePostUri: `${instanceUrl}/terminate?reason={text}&${qs}`,
        rewindPostUri: `${instanceUrl}/rewind?reason={text}&${qs}`,
        purgeHistoryDeleteUri: `${instanceUrl}?${qs}`,
        restartPostUri: `${instanceUrl}/restart?${qs}`,
        suspendPostUri: `${instanceUrl}/suspend?reason={text}&${qs}`,
        resumePostUri: `${instanceUrl}/resume?reason={text}&${qs}`,
    };
}

const STATUSES: RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated', 'Suspended'];

export class ManagementApi {
    constructor(private readonly engine: DurableEngine, private readonly o: ManagementUrlsOptions) {}

    async handle(req: ApiRequest): Promise<ApiResponse> {
        const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
        const [root, id, action, arg] = parts;
        try {
            if (root === 'orchestrators' && req.method === 'POST' && id) return await this.start(req, id, action);
            if (root === 'instances' && !id && req.method === 'GET') return this.list(req);
            if (root === 'instances' && !id && req.method === 'DELETE') return await this.purgeBy(req);
            if (root === 'instances' && id && !action && req.method === 'GET') return this.status(req, id);
            if (root === 'instances' && id && !action && req.method === 'DELETE') return await this.purge(id);
            if (root === 'instances' && id && action === 'raiseEvent' && arg && req.method === 'POST') return await this.raise(req, id, arg);
            if (root === 'instances' && id && action === 'terminate' && req.method === 'POST') return await this.terminate(req, id);
            if (root === 'instances' && id && ['suspend', 'resume', 'rewind', 'restart'].includes(action)) {
                return problem(501, `'${action}' is not supported by the local host.`);
            }
            return problem(404, `No Durable Task API at ${req.method} ${req.path}.`);
        } catch (err) {
            if (err instanceof InstanceConflictError) return problem(409, err.message);
            if (err instanceof SyntaxError) return problem(400, `The request body is not valid JSON: ${err.message}`);
            throw err;
        }
    }

    private async start(req: ApiRequest, name: string, instanceId = randomUUID().replace(/-/g, '')): Promise<ApiResponse> {
        const input = req.body ? JSON.parse(req.body) : null;
        try {
            await this.engine.startNew(name, instanceId, input);
        } catch (err) {
            if (err instanceof InstanceConflictError) throw err;
            return problem(400, (err as Error).message);
        }
        const payload = this.payload(req.origin, instanceId);
        return { status: 202, headers: { Location: payload.statusQueryGetUri, 'Retry-After': '10' }, body: payload };
    }

    private status(req: ApiRequest, id: string): ApiResponse {
        const view = this.engine.getStatus(id, { showHistory: req.query.get('showHistory') === 'true', showInput: req.query.get('showInput') !== 'false' });
        if (!view) return problem(404, `No instance with ID '${id}' was found.`);
        if (TERMINAL.has(view.runtimeStatus)) {
            const fail = view.runtimeStatus === 'Failed' && req.query.get('returnInternalServerErrorOnFailure') === 'true';
            return { status: fail ? 500 : 200, body: view };
        }
        const self = this.payload(req.origin, id).statusQueryGetUri;
        return { status: 202, headers: { Location: self, 'Retry-After': '10' }, body: view };
    }

    private list(req: ApiRequest): ApiResponse {
        const q = req.query;
        const statuses = (q.get('runtimeStatus') ?? '').split(',').filter(Boolean);
        const unknown = statuses.filter((s) => !STATUSES.includes(s as RuntimeStatus));
        if (unknown.length) return problem(400, `Unknown runtimeStatus: ${unknown.join(', ')}.`);
        const all = this.engine.query({
            runtimeStatus: statuses as RuntimeStatus[], instanceIdPrefix: q.get('instanceIdPrefix') ?? undefined,
            createdTimeFrom: date(q.get('createdTimeFrom')), createdTimeTo: date(q.get('createdTimeTo')),
        }, { showInput: q.get('showInput') !== 'false' });
        const top = Number(q.get('top') ?? 0) || all.length;
        const offset = Number(req.continuationToken ?? 0) || 0;
        const page: StatusView[] = all.slice(offset, offset + top);
        const more = offset + top < all.length;
        return { status: 200, headers: more ? { 'x-ms-continuation-token': String(offset + top) } : {}, body: page };
    }

    private async purge(id: string): Promise<ApiResponse> {
        if (!this.engine.getStatus(id)) return problem(404, `No instance with ID '${id}' was found.`);
        const deleted = await this.engine.purge([id]);
        return deleted ? { status: 200, body: { instancesDeleted: deleted } } : problem(400, `Instance '${id}' is still running; only ended instances can be purged.`);
    }

    private async purgeBy(req: ApiRequest): Promise<ApiResponse> {
        const q = req.query;
        const ids = this.engine.query({
            runtimeStatus: (q.get('runtimeStatus') ?? '').split(',').filter(Boolean) as RuntimeStatus[],
            createdTimeFrom: date(q.get('createdTimeFrom')), createdTimeTo: date(q.get('createdTimeTo')),
        }).map((v) => v.instanceId);
        const deleted = await this.engine.purge(ids);
        return deleted ? { status: 200, body: { instancesDeleted: deleted } } : problem(404, 'No ended instances matched.');
    }

    private async raise(req: ApiRequest, id: string, eventName: string): Promise<ApiResponse> {
        const data = req.body ? JSON.parse(req.body) : null;
        const outcome = await this.engine.raiseEvent(id, eventName, data);
        return outcome === 'accepted' ? { status: 202 } : outcome === 'completed' ? problem(410, `Instance '${id}' has already ended.`) : problem(404, `No instance with ID '${id}' was found.`);
    }

    private async terminate(req: ApiRequest, id: string): Promise<ApiResponse> {
        const outcome = await this.engine.terminate(id, req.query.get('reason') ?? '');
        return outcome === 'accepted' ? { status: 202 } : outcome === 'completed' ? problem(410, `Instance '${id}' has already ended.`) : problem(404, `No instance with ID '${id}' was found.`);
    }

    private payload(origin: string, instanceId: string) {
        const qs = `taskHub=${this.o.taskHub}&connection=Storage&code=${this.o.systemKey}`;
        const instance = `${origin}${WEBHOOK_PATH}instances/${encodeURIComponent(instanceId)}`;
        return managementUrls(instance, qs, instanceId);
    }
}

function date(v: string | null): Date | undefined {
    return v ? new Date(v) : undefined;
}

function problem(status: number, detail: string): ApiResponse {
    return { status, headers: { 'Content-Type': 'application/problem+json' }, body: { status, title: detail, detail } };
}

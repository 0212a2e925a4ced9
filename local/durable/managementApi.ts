// The Durable extension's HTTP API: the webhooks under
// /runtime/webhooks/durabletask (guarded by the system key, as in Azure) and the
// same routes without a key on the internal RPC listener the durable client uses.
import { randomUUID } from 'node:crypto';
import { JsonBody, parseJsonBody } from '../../shared/adapters/http/jsonBody';
import { problemBody } from '../http/respond';
import { continuationOffset, eventName, instanceFilter, instanceId } from './apiInputs';
import { DurableEngine, InstanceConflictError } from './engine';
import { StatusView, TERMINAL } from './model';

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

export class ManagementApi {
    constructor(private readonly engine: DurableEngine, private readonly o: ManagementUrlsOptions) {}

    async handle(req: ApiRequest): Promise<ApiResponse> {
        const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
        const [root, id, action, arg] = parts;
        const at = (n: number) => parts.length === n;
        try {
            if (root === 'orchestrators' && req.method === 'POST' && id && parts.length <= 3) return await this.start(req, id, action);
            if (root === 'instances' && at(1) && req.method === 'GET') return this.list(req);
            if (root === 'instances' && at(1) && req.method === 'DELETE') return await this.purgeBy(req);
            if (root !== 'instances' || !id || parts.length > 4) return notFound(req);
            const checkedId = instanceId(id);
            if (!checkedId.ok) return problem(400, 'invalid-instance-id', checkedId.detail);
            if (at(2) && req.method === 'GET') return this.status(req, id);
            if (at(2) && req.method === 'DELETE') return await this.purge(id);
            if (at(4) && action === 'raiseEvent' && req.method === 'POST') return await this.raise(req, id, arg);
            if (at(3) && action === 'terminate' && req.method === 'POST') return await this.terminate(req, id);
            if (['suspend', 'resume', 'rewind', 'restart'].includes(action)) return problem(501, 'not-supported', `'${action}' is not supported by the local host.`);
            return notFound(req);
        } catch (err) {
            if (err instanceof InstanceConflictError) return problem(409, 'instance-exists', err.message);
            throw err;
        }
    }

    private async start(req: ApiRequest, name: string, id = randomUUID().replace(/-/g, '')): Promise<ApiResponse> {
        const checkedId = instanceId(id);
        if (!checkedId.ok) return problem(400, 'invalid-instance-id', checkedId.detail);
        const input = jsonInput(req.body);
        if (!input.ok) return problem(400, 'invalid-json', input.detail);
        try {
            await this.engine.startNew(name, id, input.value);
        } catch (err) {
            if (err instanceof InstanceConflictError) throw err;
            return problem(400, 'orchestrator-not-found', (err as Error).message);
        }
        const payload = this.payload(req.origin, id);
        return { status: 202, headers: { Location: payload.statusQueryGetUri, 'Retry-After': '10' }, body: payload };
    }

    private status(req: ApiRequest, id: string): ApiResponse {
        const view = this.engine.getStatus(id, { showHistory: req.query.get('showHistory') === 'true', showInput: req.query.get('showInput') !== 'false' });
        if (!view) return instanceNotFound(id);
        if (TERMINAL.has(view.runtimeStatus)) {
            // Azure's documented opt-in: a failed instance answers 500
            const fail = view.runtimeStatus === 'Failed' && req.query.get('returnInternalServerErrorOnFailure') === 'true';
            return { status: fail ? 500 : 200, body: view };
        }
        const self = this.payload(req.origin, id).statusQueryGetUri;
        return { status: 202, headers: { Location: self, 'Retry-After': '10' }, body: view };
    }

    private list(req: ApiRequest): ApiResponse {
        const q = req.query;
        const filter = instanceFilter(q, true);
        if (!filter.ok) return problem(400, 'invalid-query', filter.detail);
        const offset = continuationOffset(req.continuationToken);
        if (!offset.ok) return problem(400, 'invalid-continuation-token', offset.detail);
        const all = this.engine.query({ ...filter.value, instanceIdPrefix: q.get('instanceIdPrefix') ?? undefined }, { showInput: q.get('showInput') !== 'false' });
        const top = filter.value.top ?? all.length;
        const page: StatusView[] = all.slice(offset.value, offset.value + top);
        const more = offset.value + top < all.length;
        return { status: 200, headers: more ? { 'x-ms-continuation-token': String(offset.value + top) } : {}, body: page };
    }

    private async purge(id: string): Promise<ApiResponse> {
        if (!this.engine.getStatus(id)) return instanceNotFound(id);
        const deleted = await this.engine.purge([id]);
        return deleted ? { status: 200, body: { instancesDeleted: deleted } } : problem(400, 'instance-running', `Instance '${id}' is still running; only ended instances can be purged.`);
    }

    private async purgeBy(req: ApiRequest): Promise<ApiResponse> {
        const filter = instanceFilter(req.query, false);
        if (!filter.ok) return problem(400, 'invalid-query', filter.detail);
        const ids = this.engine.query(filter.value).map((v) => v.instanceId);
        const deleted = await this.engine.purge(ids);
        return deleted ? { status: 200, body: { instancesDeleted: deleted } } : problem(404, 'no-instances-matched', 'No ended instances matched.');
    }

    private async raise(req: ApiRequest, id: string, name: string): Promise<ApiResponse> {
        const checkedName = eventName(name);
        if (!checkedName.ok) return problem(400, 'invalid-event-name', checkedName.detail);
        const data = jsonInput(req.body);
        if (!data.ok) return problem(400, 'invalid-json', data.detail);
        return delivered(await this.engine.raiseEvent(id, name, data.value), id);
    }

    private async terminate(req: ApiRequest, id: string): Promise<ApiResponse> {
        return delivered(await this.engine.terminate(id, req.query.get('reason') ?? ''), id);
    }

    private payload(origin: string, instanceId: string) {
        const qs = `taskHub=${this.o.taskHub}&connection=Storage&code=${this.o.systemKey}`;
        const instance = `${origin}${WEBHOOK_PATH}instances/${encodeURIComponent(instanceId)}`;
        return managementUrls(instance, qs, instanceId);
    }
}

/** An orchestrator input or event payload: empty is null, anything else depth-limited JSON. */
function jsonInput(body: string): JsonBody {
    return body ? parseJsonBody(body) : { ok: true, value: null };
}

function delivered(outcome: 'not-found' | 'completed' | 'accepted', id: string): ApiResponse {
    if (outcome === 'accepted') return { status: 202 };
    return outcome === 'completed' ? problem(410, 'instance-ended', `Instance '${id}' has already ended.`) : instanceNotFound(id);
}

function instanceNotFound(id: string): ApiResponse {
    return problem(404, 'instance-not-found', `No instance with ID '${id}' was found.`);
}

function notFound(req: ApiRequest): ApiResponse {
    return problem(404, 'not-found', `No Durable Task API at ${req.method} ${req.path.slice(0, 200)}.`);
}

function problem(status: number, code: string, detail: string): ApiResponse {
    return { status, headers: { 'Content-Type': 'application/problem+json' }, body: problemBody(status, code, detail) };
}

// The simulator's own endpoints (local host only): tokens and keys, the mail
// sink's mailbox, the write log, changing a customer at run time (its admin
// turns auto-recharge off, accepts the MCA…, its users make PSTN calls),
// Graph's page size, faults, and a reset to the world file.
import { z } from 'zod';
import { wantsHtml } from '../http/accept';
import { controlError } from '../http/errorBodies';
import { mailboxPage } from '../mail/mailboxPage';
import { json, Router } from '../http/router';
import type { SimulatorIdentity } from '../identity/issuer';
import type { WriteLog } from '../log/writeLog';
import type { SmtpSink } from '../mail/smtpSink';
import type { CloudState } from '../state/cloudState';
import type { OutgoingHttp } from '../http/exchange';
import { Customer, Fault, formatJsonPath, parseWorld, WorldFileError } from '../world';
import { GRAPH_PAGE_SIZE } from './graphCallRecords';
import type { Faults } from '../faults';

const TokenRequest = z.object({
    partnerId: z.string().min(1),
    upn: z.string().min(1),
    roles: z.array(z.string()),
    audience: z.string().optional(),
    ttlSeconds: z.number().int().optional(),
});

/** Explicit PSTN call rows for a customer: added after its own (`append`, the default), or instead of them (`replace`). */
const PstnCallsRequest = z.strictObject({
    calls: z.array(z.unknown()),
    mode: z.enum(['append', 'replace']).default('append'),
});

const GraphSettings = z.strictObject({ pstnCallsPageSize: z.number().int().min(1).max(GRAPH_PAGE_SIZE) });

export interface ControlParts {
    state: CloudState;
    identity: SimulatorIdentity;
    mailbox: SmtpSink;
    faults: Faults;
    log: WriteLog;
}

export function controlRoutes({ state, identity, mailbox, faults, log }: ControlParts): Router {
    const invalid = (error: z.ZodError) => controlError(400, 'invalid-request', error.issues.map((i) => `${formatJsonPath(i.path)}: ${i.message}`).join('; '));

    return new Router()
        .on('POST', '/token', async (req) => {
            const body = TokenRequest.safeParse(req.json());
            if (!body.success) return invalid(body.error);
            if (!state.partner(body.data.partnerId)) return controlError(404, 'unknown-partner', `The world has no partner ${body.data.partnerId}.`);
            const ttl = body.data.ttlSeconds ?? 3600;
            const token = await identity.mint(body.data, { audience: body.data.audience, ttlSeconds: ttl });
            return json(200, { access_token: token, token_type: 'Bearer', expires_in: ttl });
        })
        .on('GET', '/.well-known/jwks.json', () => json(200, identity.jwks()))
        .on('GET', '/.well-known/openid-configuration', () => json(200, { issuer: identity.issuer, jwks_uri: `${identity.issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] }))
        // a person in a browser gets the page; scripts (and curl's */*) keep the JSON
        .on('GET', '/mailbox', (req) => (wantsHtml(req.headers.accept) ? mailboxPage(mailbox.list()) : json(200, mailbox.list(), { vary: 'Accept' })))
        .on('DELETE', '/mailbox', async () => {
            await mailbox.clear();
            return json(204);
        })
        .on('GET', '/log', (req) => {
            const raw = req.url.searchParams.get('since');
            const since = raw === null ? 0 : Number(raw);
            if (!Number.isSafeInteger(since) || since < 0) return controlError(400, 'invalid-request', 'since must be a sequence number (a whole number, 0 or more).');
            return json(200, { entries: log.since(since) });
        })
        .on('GET', '/world', () => json(200, state.world))
        .on('POST', '/reset', () => {
            state.reset();
            faults.set(state.world.faults);
            return json(204);
        })
        .on('GET', '/customers/{tenantId}', (req) => {
            const c = state.customer(req.params.tenantId);
            return c ? json(200, c) : controlError(404, 'customer-not-found', `The world has no customer ${req.params.tenantId}.`);
        })
        .on('POST', '/customers/{tenantId}', (req) => {
            const current = state.customer(req.params.tenantId);
            if (!current) return controlError(404, 'customer-not-found', `The world has no customer ${req.params.tenantId}.`);
            const patch = req.json();
            if (!isObject(patch)) return controlError(400, 'invalid-request', 'Send a JSON object with the customer fields to change.');
            if ('tenantId' in patch && patch.tenantId !== current.tenantId) return controlError(400, 'invalid-request', 'tenantId cannot change.');
            return replaceCustomer(state, merge(current, patch));
        })
        .on('POST', '/customers/{tenantId}/pstnCalls', (req) => {
            const current = state.customer(req.params.tenantId);
            if (!current) return controlError(404, 'customer-not-found', `The world has no customer ${req.params.tenantId}.`);
            const body = PstnCallsRequest.safeParse(req.json());
            if (!body.success) return invalid(body.error);
            const { calls, mode } = body.data;
            // checked as rows of the world's customer: the paths of a bad field name the customer's pstnCalls
            return replaceCustomer(state, { ...current, pstnCalls: mode === 'replace' ? calls : [...(current.pstnCalls ?? []), ...calls] } as typeof current);
        })
        .on('GET', '/settings/graph', () => json(200, state.world.graph ?? { pstnCallsPageSize: GRAPH_PAGE_SIZE }))
        .on('POST', '/settings/graph', (req) => {
            const body = GraphSettings.safeParse(req.json());
            if (!body.success) return invalid(body.error);
            state.setGraphSettings(body.data);
            return json(200, body.data);
        })
        .on('GET', '/faults', () => json(200, faults.list()))
        .on('POST', '/faults', (req) => {
            const body = z.object({ faults: z.array(Fault) }).safeParse(req.json());
            if (!body.success) return invalid(body.error);
            faults.set(body.data.faults);
            return json(200, faults.list());
        })
        .on('DELETE', '/faults', () => {
            faults.set([]);
            return json(204);
        });
}

/** The whole world again with the changed customer, so the checks across customers and partners hold too; 400 with field paths. */
function replaceCustomer(state: CloudState, candidate: Customer): OutgoingHttp {
    try {
        const world = parseWorld({ ...state.world, customers: state.world.customers.map((c) => (c.tenantId === candidate.tenantId ? candidate : c)) }, 'customer patch');
        state.replaceCustomer(world.customers.find((c) => c.tenantId === candidate.tenantId)!);
    } catch (err) {
        if (err instanceof WorldFileError) return controlError(400, 'invalid-request', err.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
        throw err;
    }
    return json(200, state.customer(candidate.tenantId));
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and values replace. */
function merge<T>(base: T, patch: Record<string, unknown>): T {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(patch)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
    return out as T;
}

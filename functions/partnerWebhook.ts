// The partner's webhook for alerts (issue 22):
//   PUT /api/partners/{partnerId}/webhook {url, secret}  an AdminAgent of the partner sets it (https only;
//                                                        http to this machine only when WEBHOOK_ALLOW_HTTP_LOCALHOST allows, never in Azure)
//   GET /api/partners/{partnerId}/webhook                any agent of the partner: the URL, never the secret
//   GET /api/partners/{partnerId}/webhook/deliveries     every attempt's outcome, newest first
// Another partner's id answers 404, as if it had none: a partner learns nothing of another's.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Caller } from '../shared/core/domain/partner';
import type { Dependencies } from '../shared/adapters/dependencies';
import { webhookUrlRefusal } from '../shared/features/alerts/alertConfig';
import { WebhookBody } from '../shared/features/alerts/webhookBody';
import { deliveryAttempts, readWebhook, saveWebhook, webhookView } from '../shared/features/alerts/webhookStore';
import { agentGuarded } from './http/agentGuard';
import { parseBody } from './http/body';
import { problem } from './http/problem';

const EXAMPLE = '{"url":"https://hooks.example.com/overage","secret":"<a random string of 16 to 256 characters>"}';
const NO_STORE = { 'cache-control': 'no-store' };
const route = 'partners/{partnerId}/webhook';

/** `fn` for the caller's own partner; 404 for any other. */
function ownPartner(fn: (caller: Caller, req: HttpRequest) => Promise<HttpResponseInit>) {
    return async (caller: Caller, req: HttpRequest): Promise<HttpResponseInit> => {
        if (req.params.partnerId !== caller.partnerId) {
            return problem(404, 'partner-not-found', `There is no partner ${JSON.stringify(req.params.partnerId)} among yours.`, { remedy: `Use your own partner id (${caller.partnerId}).` });
        }
        return fn(caller, req);
    };
}

export function registerPartnerWebhook(deps: Dependencies): void {
    const read = agentGuarded(deps, 'read', ownPartner(async (caller) => ({ status: 200, headers: NO_STORE, jsonBody: webhookView(await readWebhook(deps.stateStore, caller.partnerId), caller.partnerId) })));
    const set = agentGuarded(deps, 'manage', ownPartner(async (caller, req) => {
        const body = await parseBody(req, WebhookBody, 'webhook', EXAMPLE);
        if ('refused' in body) return body.refused;
        const refusal = webhookUrlRefusal(body.data.url, deps.env);
        if (refusal) return problem(400, 'webhook-url-not-allowed', `The webhook URL ${refusal}.`, { remedy: `Send ${EXAMPLE}: an absolute https URL without credentials.` });
        const saved = await saveWebhook(deps.stateStore, { partnerId: caller.partnerId, url: body.data.url, secret: body.data.secret, updatedAt: new Date(deps.clock.now()).toISOString(), updatedBy: caller.upn });
        return { status: 200, headers: NO_STORE, jsonBody: webhookView(saved, caller.partnerId) };
    }));
    app.http('partnerWebhook', { route, methods: ['GET', 'PUT'], authLevel: 'anonymous', handler: (req, ctx) => (req.method === 'PUT' ? set : read)(req, ctx) });
    app.http('webhookDeliveries', {
        route: `${route}/deliveries`, methods: ['GET'], authLevel: 'anonymous',
        handler: agentGuarded(deps, 'read', ownPartner(async (caller, req) => {
            const limit = Number(req.query.get('limit') ?? 100);
            if (!Number.isInteger(limit) || limit < 1 || limit > 500) return problem(400, 'invalid-request', `limit ${JSON.stringify(req.query.get('limit'))} is not a whole number from 1 to 500.`, { remedy: 'Send limit=1 to 500, or leave it out (100).' });
            return { status: 200, headers: NO_STORE, jsonBody: { partnerId: caller.partnerId, items: await deliveryAttempts(deps.stateStore, caller.partnerId, limit) } };
        })),
    });
}

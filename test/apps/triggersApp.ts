// A test app for HTTP, Service Bus and timer triggers: ordinary
// @azure/functions v4 code, nothing host-specific.
import { app, HttpRequest, HttpResponse, InvocationContext, output, Timer } from '@azure/functions';
import { parseJsonBody } from '../../shared/adapters/http/jsonBody';

export const seen = {
    messages: [] as Array<{ body: unknown; meta: Record<string, unknown> }>,
    timers: [] as Array<{ isPastDue: boolean; last: string; next: string }>,
    failuresLeft: new Map<string, number>(),
};

app.http('echo', {
    route: 'items/{category}/{id:int?}',
    methods: ['GET', 'POST', 'PUT'],
    handler: async (req: HttpRequest, ctx: InvocationContext) => {
        const body = req.method === 'GET' ? undefined : await req.text();
        return {
            status: req.method === 'POST' ? 201 : 200,
            headers: { 'x-function': ctx.functionName },
            jsonBody: { method: req.method, params: req.params, q: req.query.get('q'), header: req.headers.get('x-custom'), body },
        };
    },
});

app.http('cookies', {
    methods: ['GET'],
    handler: async () => new HttpResponse({ status: 200, body: 'ok', cookies: [{ name: 'session', value: 'abc', httpOnly: true, path: '/', sameSite: 'Strict' }] }),
});

app.http('throws', { methods: ['GET'], handler: async () => { throw new Error('handler exploded'); } });
app.http('empty', { methods: ['DELETE'], handler: async () => undefined as never });

const ordersOut = output.serviceBusQueue({ queueName: 'orders', connection: 'ServiceBusConnection' });

app.http('placeOrder', {
    methods: ['POST'], route: 'orders', extraOutputs: [ordersOut],
    handler: async (req: HttpRequest, ctx: InvocationContext) => {
        const order = parseJsonBody(await req.text());
        if (!order.ok) return { status: 400, jsonBody: { detail: order.detail } };
        ctx.extraOutputs.set(ordersOut, order.value);
        return { status: 202 };
    },
});

app.serviceBusQueue('processOrder', {
    queueName: 'orders', connection: 'ServiceBusConnection',
    handler: async (message: unknown, ctx: InvocationContext) => {
        const meta = ctx.triggerMetadata ?? {};
        const id = String(meta.messageId);
        const left = seen.failuresLeft.get(id) ?? 0;
        if (left > 0) {
            seen.failuresLeft.set(id, left - 1);
            throw new Error(`order ${id} not processable yet`);
        }
        seen.messages.push({ body: message, meta });
    },
});

app.timer('everySecond', {
    schedule: '* * * * * *',
    handler: async (timer: Timer) => {
        seen.timers.push({ isPastDue: timer.isPastDue, last: timer.scheduleStatus.last, next: timer.scheduleStatus.next });
    },
});

// The triggers app's functions served with @azure/functions HTTP streaming,
// plus an upload endpoint that checks the caller before reading the body, one
// that refuses after reading only the start of it, and one that streams its
// answer. Ordinary app code, nothing host-specific.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { app, HttpRequest } from '@azure/functions';
import './triggersApp';

app.setup({ enableHttpStream: true });

app.http('upload', {
    methods: ['POST'], route: 'uploads',
    handler: async (req: HttpRequest) => {
        if (req.headers.get('authorization') !== 'Bearer let-me-in') return { status: 401, jsonBody: { code: 'unauthenticated' } };
        const body = Buffer.from(await req.arrayBuffer());
        return { jsonBody: { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') } };
    },
});

// refuses after a look at the start of the body, as an upload with a wrong header row is refused; the rest stays unread
app.http('peek', {
    methods: ['POST'], route: 'uploads/peek',
    handler: async (req: HttpRequest) => {
        const first = await req.body?.getReader().read();
        return { status: 400, jsonBody: { code: 'refused-after-a-look', read: first?.value?.length ?? 0 } };
    },
});

app.http('countdown', {
    methods: ['GET'], route: 'countdown/{from:int}',
    handler: async (req: HttpRequest) => {
        const from = Math.min(Math.max(Number(req.params.from), 0), 100);
        return { headers: { 'content-type': 'text/plain' }, body: Readable.from(Array.from({ length: from }, (_, i) => `${from - i}\n`)) as never };
    },
});

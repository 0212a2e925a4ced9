// The triggers app's functions served with @azure/functions HTTP streaming,
// plus an upload endpoint that checks the caller before reading the body and
// one that streams its answer. Ordinary app code, nothing host-specific.
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

app.http('countdown', {
    methods: ['GET'], route: 'countdown/{from:int}',
    handler: async (req: HttpRequest) => {
        const from = Math.min(Math.max(Number(req.params.from), 0), 100);
        return { headers: { 'content-type': 'text/plain' }, body: Readable.from(Array.from({ length: from }, (_, i) => `${from - i}\n`)) as never };
    },
});

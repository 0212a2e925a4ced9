// GET /api/openapi.json: the OpenAPI 3.1 document, generated from the zod
// schemas (shared/features/api/openapiDocument.ts). GET /api/docs: a reference page rendered by
// Swagger UI, served from its npm package (swagger-ui-dist) by this app, so the
// page loads nothing from a CDN. Both are anonymous and cacheable.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { app, HttpRequest, HttpResponseInit } from '@azure/functions';
import { buildOpenApiDocument } from '../shared/features/api/openapiDocument';

let documentText: { body: string; etag: string } | undefined;

function document(): { body: string; etag: string } {
    if (!documentText) {
        const body = JSON.stringify(buildOpenApiDocument());
        documentText = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    return documentText;
}

function cached(req: HttpRequest, etag: string, ok: () => HttpResponseInit, maxAge: number): HttpResponseInit {
    const headers = { 'cache-control': `public, max-age=${maxAge}`, etag };
    if ((req.headers.get('if-none-match') ?? '').split(',').map((t) => t.trim()).includes(etag)) return { status: 304, headers };
    const res = ok();
    return { ...res, headers: { ...(res.headers as Record<string, string>), ...headers } };
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telco Overage Orchestrator: API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"><noscript>The machine-readable reference is at <a href="openapi.json">openapi.json</a>.</noscript></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;

// relative to /api/docs, so the page works under any route prefix
const INIT = 'window.ui = SwaggerUIBundle({ url: new URL("openapi.json", document.baseURI).toString(), dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });\n';

/** The files the page loads: Swagger UI's own, read once from its package, and the initialiser. */
const fromPackage = (file: string) => () => fs.readFileSync(path.join(swaggerUiDir(), file));
const ASSETS: Record<string, { type: string; read: () => Buffer }> = {
    'swagger-ui.css': { type: 'text/css; charset=utf-8', read: fromPackage('swagger-ui.css') },
    'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', read: fromPackage('swagger-ui-bundle.js') },
    'favicon-32x32.png': { type: 'image/png', read: fromPackage('favicon-32x32.png') },
    'init.js': { type: 'text/javascript; charset=utf-8', read: () => Buffer.from(INIT) },
};
const loaded = new Map<string, { body: Buffer; etag: string }>();

function swaggerUiDir(): string {
    return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** GET /api/openapi.json and /api/docs: they need nothing handed in (the document is built from the schemas). */
export function registerOpenApi(): void {
    app.http('openapi', {
        route: 'openapi.json',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: async (req): Promise<HttpResponseInit> => {
            const doc = document();
            return cached(req, doc.etag, () => ({ headers: { 'content-type': 'application/json; charset=utf-8' }, body: doc.body }), 300);
        },
    });

    app.http('apiDocs', {
        route: 'docs/{file?}',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: async (req): Promise<HttpResponseInit> => {
            const file = req.params.file;
            if (!file) {
                return { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' }, body: PAGE };
            }
            const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
            if (!asset) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'No such file.' };
            let it = loaded.get(file);
            if (!it) {
                const body = asset.read();
                it = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
                loaded.set(file, it);
            }
            const { body } = it;
            return cached(req, it.etag, () => ({ headers: { 'content-type': asset.type, 'x-content-type-options': 'nosniff' }, body }), 86400);
        },
    });
}

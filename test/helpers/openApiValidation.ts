// Checks a real answer against the OpenAPI document: the operation (path
// template and method), the documented status, the content type, and for JSON
// answers the body against the response's schema (Ajv, JSON Schema 2020-12).
// Any end-to-end test can call it on what it got back.
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { buildOpenApiDocument } from '../../shared/features/api/openapiDocument';

type Json = Record<string, any>;

const BASE = 'https://telco-overage.example/openapi.json';
const doc = buildOpenApiDocument() as Json;
// formats (uuid, date-time) are not checked: zod already checks them where they come from
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: BASE, components: doc.components });
const compiled = new Map<string, ValidateFunction>();

export function openApiDocument(): Json {
    return doc;
}

/** The document's path template that `urlPath` (query ignored) is an instance of; literal segments win over parameters. */
export function operationPath(urlPath: string): string | undefined {
    const segments = new URL(urlPath, 'http://x').pathname.split('/');
    let best: { path: string; literals: number } | undefined;
    for (const template of Object.keys(doc.paths)) {
        const parts = template.split('/');
        if (parts.length !== segments.length) continue;
        let literals = 0;
        const fits = parts.every((p, i) => {
            if (/^\{[^}]+\}$/.test(p)) return segments[i].length > 0;
            literals++;
            return p === decodeURIComponent(segments[i]);
        });
        if (fits && (!best || literals > best.literals)) best = { path: template, literals };
    }
    return best?.path;
}

/** What is wrong with this answer, by the document; empty when it conforms. */
export function openApiErrors(method: string, urlPath: string, status: number, body: unknown, contentType?: string | null): string[] {
    const path = operationPath(urlPath);
    if (!path) return [`${urlPath}: no path of the document matches`];
    const operation = doc.paths[path][method.toLowerCase()];
    if (!operation) return [`${method} ${path}: not in the document`];
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!response) return [`${method} ${path}: status ${status} is not documented (${Object.keys(operation.responses).join(', ')})`];
    if (!response.content) return [];
    const type = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
    const media = response.content[type];
    if (!media) return [`${method} ${path} ${status}: content type ${type} is not documented (${Object.keys(response.content).join(', ')})`];
    if (!type.endsWith('json')) return [];
    const key = `${method} ${path} ${status} ${type}`;
    let validate = compiled.get(key);
    if (!validate) {
        const schema = JSON.parse(JSON.stringify(media.schema).replace(/"#\/components\//g, `"${BASE}#/components/`));
        validate = ajv.compile(schema);
        compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${method} ${path} ${status}: ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Throws, listing what does not conform, when the answer is not as documented. */
export function validateAgainstOpenApi(method: string, urlPath: string, status: number, body: unknown, contentType?: string | null): void {
    const errors = openApiErrors(method, urlPath, status, body, contentType);
    if (errors.length) throw new Error(`The answer does not match the OpenAPI document:\n${errors.join('\n')}\nbody: ${JSON.stringify(body)?.slice(0, 2000)}`);
}

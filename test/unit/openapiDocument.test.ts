// The OpenAPI document as its readers get it: valid with no warnings by a
// maintained linter (Redocly's recommended rules), an example on every request
// and answer that fits its schema, and no open object in an answer whose fields
// are known (Swagger UI would show `additionalProp1..3` for it). The checks walk
// every operation, so endpoints added later are held to the same.
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import { buildOpenApiDocument } from '../../shared/features/api/openapiDocument';

type Json = Record<string, any>;
const doc = JSON.parse(JSON.stringify(buildOpenApiDocument())) as Json;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const operations = () => Object.entries(doc.paths as Json).flatMap(([path, ops]) => Object.entries(ops as Json)
    .filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path, method, op: op as Json, name: `${method.toUpperCase()} ${path}` })));
const is2xx = (status: string) => /^2\d\d$/.test(status);
/** A media type's examples: its `example`, or each value of its named `examples`. */
const examplesOf = (m: Json): unknown[] => (m.example !== undefined ? [m.example] : Object.values((m.examples ?? {}) as Json).map((e) => (e as Json).value));

/** Redocly's linter is an ES module only: it runs in a child node that reads the document on stdin and prints its problems as JSON. */
function lint(document: Json): Array<{ ruleId: string; severity: string; message: string; pointer?: string }> {
    const script = `
        import { lintFromString, createConfig } from '@redocly/openapi-core';
        let source = '';
        for await (const chunk of process.stdin) source += chunk;
        const config = await createConfig({
            extends: ['recommended'],
            rules: {
                // a private deployment's API: there is no licence to name
                'info-license': 'off', 'info-license-strict': 'off',
                // health, the document and the pages are anonymous reads of nothing the caller sends: they have no 4xx to document
                'operation-4xx-response': 'off',
                // an example must not carry a field its schema does not name
                'no-invalid-media-type-examples': { severity: 'error', allowAdditionalProperties: false },
            },
        });
        const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
        process.stdout.write(JSON.stringify(problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, pointer: p.location?.[0]?.pointer }))));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: JSON.stringify(document), encoding: 'utf8', cwd: process.cwd(), timeout: 60_000 });
    if (run.status !== 0) throw new Error(`the linter did not run: ${run.stderr}`);
    return JSON.parse(run.stdout);
}

const BASE = 'https://telco-overage.example/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: BASE, components: doc.components });
/** What is wrong with `value` by a schema of the document (its refs resolved in the document). */
function schemaErrors(schema: Json, value: unknown): string[] {
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, `"${BASE}#/components/`)));
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
}

/**
 * Open objects in a schema, following refs into the components: an object whose extra members are
 * anything (`additionalProperties` true or `{}`), an object with no fields named and no typed map
 * values, or a member that may be anything at all (`{}`). A map with typed values is not open.
 */
function openObjects(schema: unknown, where: string, components: Json, seen = new Set<string>()): string[] {
    if (!schema || typeof schema !== 'object') return [];
    if (Array.isArray(schema)) return schema.flatMap((s, i) => openObjects(s, `${where}/${i}`, components, seen));
    const s = schema as Json;
    if (typeof s.$ref === 'string') {
        const name = s.$ref.replace('#/components/schemas/', '');
        if (seen.has(name)) return [];
        seen.add(name);
        return [...openObjects(components[name], `#/components/schemas/${name}`, components, seen), ...openObjects({ ...s, $ref: undefined }, where, components, seen)];
    }
    const found: string[] = [];
    const extra = s.additionalProperties;
    const anything = (x: unknown) => x === true || (typeof x === 'object' && x !== null && Object.keys(x).length === 0);
    if (anything(extra)) found.push(`${where}: any extra member`);
    else if (s.type === 'object' && !s.properties && (extra === undefined || extra === false)) found.push(`${where}: an object with no fields named`);
    for (const [key, value] of Object.entries(s)) {
        if (key === 'properties') {
            for (const [prop, sub] of Object.entries(value as Json)) {
                if (anything(sub)) found.push(`${where}/properties/${prop}: may be anything`);
                found.push(...openObjects(sub, `${where}/properties/${prop}`, components, seen));
            }
        } else if (['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'prefixItems'].includes(key)) {
            found.push(...openObjects(value, `${where}/${key}`, components, seen));
        }
    }
    return found;
}

/** Answers that stay open on purpose, with why. */
const OPEN_BY_DESIGN: Record<string, string> = {
    '#/components/schemas/Problem': 'RFC 9457: a problem may carry extension members (bad-rows carries the import report)',
    'GET /api/openapi.json': 'the document itself: the OpenAPI specification\'s own schema checks it (test/e2e/api.test.ts)',
};

describe('the OpenAPI document', () => {
    jest.setTimeout(60_000);

    test('OpenAPI 3.1 with the default schema dialect, the one Swagger UI supports (no warning box)', () => {
        expect(doc.openapi).toBe('3.1.0');
        expect(doc).not.toHaveProperty('jsonSchemaDialect');
        expect(JSON.stringify(doc.components.schemas)).not.toContain('"$schema"');
    });

    test('Redocly\'s recommended rules find no error and no warning', () => {
        expect(lint(doc)).toEqual([]);
    });

    test('the linter reports what it should: a wrong example, an undefined security scheme', () => {
        const broken = JSON.parse(JSON.stringify(doc));
        broken.paths['/api/health'].get.responses[200].content['application/json'].example = { status: 'fine' };
        broken.paths['/api/customers'].get.security = [{ nobody: [] }];
        const rules = lint(broken).map((p) => p.ruleId);
        expect(rules).toEqual(expect.arrayContaining(['no-invalid-media-type-examples', 'security-defined']));
    });

    test('every request body and every successful answer has an example, and it fits its schema', () => {
        const missing: string[] = [];
        const wrong: string[] = [];
        for (const { name, op } of operations()) {
            const media = [
                ...Object.entries(op.requestBody?.content ?? {}).map(([type, m]) => ({ at: `${name} body ${type}`, m: m as Json })),
                ...Object.entries(op.responses as Json).filter(([status]) => is2xx(status))
                    .flatMap(([status, r]) => Object.entries((r as Json).content ?? {}).map(([type, m]) => ({ at: `${name} ${status} ${type}`, m: m as Json }))),
            ];
            for (const { at, m } of media) {
                const examples = examplesOf(m);
                if (!examples.length) missing.push(at);
                for (const example of examples) wrong.push(...schemaErrors(m.schema, example).map((e) => `${at}: ${e}`));
            }
        }
        expect(missing).toEqual([]);
        expect(wrong).toEqual([]);
    });

    test('every operation shows an example, but for the static files (their type is the file\'s)', () => {
        const without = operations().filter(({ op }) => !Object.values(op.responses as Json).some((r) => Object.values((r as Json).content ?? {}).some((m) => examplesOf(m as Json).length > 0)));
        expect(without.map((o) => o.name).sort()).toEqual(['GET /api/console/{file}', 'GET /api/docs/{file}']);
    });

    test('every problem answer has an example with one of the codes it names', () => {
        const wrong: string[] = [];
        for (const { name, op } of operations()) {
            for (const [status, r] of Object.entries(op.responses as Json)) {
                const m = (r as Json).content?.['application/problem+json'];
                if (!m) continue;
                const codes = m.schema.properties.code.examples as string[];
                if (!m.example || m.example.status !== Number(status) || !codes.includes(m.example.code)) wrong.push(`${name} ${status}`);
                wrong.push(...schemaErrors(m.schema, m.example).map((e) => `${name} ${status}: ${e}`));
            }
        }
        expect(wrong).toEqual([]);
    });

    test('no answer has an open object where its fields are known', () => {
        const open: string[] = [];
        for (const { name, op } of operations()) {
            if (OPEN_BY_DESIGN[name]) continue;
            for (const [status, r] of Object.entries(op.responses as Json)) {
                for (const [type, m] of Object.entries((r as Json).content ?? {})) {
                    if (!/json/.test(type)) continue;
                    const seen = new Set(Object.keys(OPEN_BY_DESIGN).map((k) => k.replace('#/components/schemas/', '')));
                    open.push(...openObjects((m as Json).schema, `${name} ${status}`, doc.components.schemas, seen));
                }
            }
        }
        expect(open).toEqual([]);
    });

    test('the open-object check finds a loose object, a free-form member and an untyped map', () => {
        const loose = z.toJSONSchema(z.object({
            a: z.looseObject({ x: z.string() }), b: z.unknown(), c: z.record(z.string(), z.unknown()), d: z.record(z.string(), z.number()), e: z.object({ y: z.string() }),
        }), { io: 'output' }) as Json;
        const found = openObjects(loose, '#', {});
        expect(found).toEqual(expect.arrayContaining(['#/properties/a: any extra member', '#/properties/b: may be anything', '#/properties/c: any extra member']));
        expect(found.join('\n')).not.toMatch(/properties\/[de]/);
    });
});

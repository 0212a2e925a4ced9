// parseJsonBody: JSON with a depth limit checked before parsing.
import { parseJsonBody } from '../../shared/adapters/http/jsonBody';

const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

test('parses JSON up to the depth limit', () => {
    expect(parseJsonBody('{"a":[1,{"b":"c"}]}')).toEqual({ ok: true, value: { a: [1, { b: 'c' }] } });
    expect(parseJsonBody(nested(64))).toMatchObject({ ok: true });
    expect(parseJsonBody(nested(3), { maxDepth: 3 })).toMatchObject({ ok: true });
});

test('refuses deeper nesting without parsing it', () => {
    expect(parseJsonBody(nested(65))).toEqual({ ok: false, detail: 'The JSON body is nested deeper than 64 levels.' });
    expect(parseJsonBody(nested(5000))).toMatchObject({ ok: false });
    expect(parseJsonBody(`${'{"a":'.repeat(4)}1}}}}`, { maxDepth: 3 })).toMatchObject({ ok: false });
});

test('brackets inside strings (escaped quotes included) do not count', () => {
    const text = JSON.stringify({ s: `"\\${'['.repeat(100)}` });
    expect(parseJsonBody(text)).toEqual({ ok: true, value: { s: `"\\${'['.repeat(100)}` } });
});

test('invalid JSON says why', () => {
    const r = parseJsonBody('{nope');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.detail).toMatch(/^The body is not valid JSON: /);
    expect(parseJsonBody('')).toMatchObject({ ok: false });
});

test('a large flat body is scanned quickly', () => {
    const text = JSON.stringify({ items: Array.from({ length: 200_000 }, (_, i) => ({ i, s: 'x'.repeat(20) })) });
    const started = Date.now();
    expect(parseJsonBody(text)).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeLessThan(2000);
});

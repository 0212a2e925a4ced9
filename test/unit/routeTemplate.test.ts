import { RouteTemplate } from '../../local/http/routeTemplate';

test.each([
    ['customers/{customerTenantId}/overage', 'customers/abc/overage', { customerTenantId: 'abc' }],
    ['customers/{id}/overage', 'Customers/abc/OVERAGE', { id: 'abc' }],
    ['items/{id:int?}', 'items', {}],
    ['items/{id:int?}', 'items/7', { id: '7' }],
    ['files/{*path}', 'files/a/b%20c', { path: 'a/b c' }],
    ['v1/{id:guid}', 'v1/0f8fad5b-d9cb-469f-a165-70867728950e', { id: '0f8fad5b-d9cb-469f-a165-70867728950e' }],
])('%s matches %s', (template, path, params) => {
    expect(new RouteTemplate(template).match(path)).toEqual(params);
});

test.each([
    ['items/{id:int}', 'items/x'],
    ['items/{id}', 'items'],
    ['items/{id}', 'items/1/extra'],
    ['v1/{id:guid}', 'v1/not-a-guid'],
])('%s does not match %s', (template, path) => {
    expect(new RouteTemplate(template).match(path)).toBeUndefined();
});

test('literal segments rank above parameters', () => {
    expect(new RouteTemplate('customers/search').specificity).toBeGreaterThan(new RouteTemplate('customers/{id}').specificity);
});

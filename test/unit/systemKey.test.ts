// The host's key check (admin API, Durable management API): the header, else
// `code`, compared in constant time.
import { hasSystemKey } from '../../local/http/systemKey';

const req = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url: new URL(url), headers });

test('the key is read from x-functions-key, else from code; anything else is refused', () => {
    expect(hasSystemKey(req('http://h/admin/clock', { 'x-functions-key': 'k3y' }), 'k3y')).toBe(true);
    expect(hasSystemKey(req('http://h/admin/clock?code=k3y'), 'k3y')).toBe(true);
    expect(hasSystemKey(req('http://h/admin/clock'), 'k3y')).toBe(false);
    expect(hasSystemKey(req('http://h/admin/clock?code=k3'), 'k3y')).toBe(false);
    expect(hasSystemKey(req('http://h/admin/clock?code='), 'k3y')).toBe(false);
    expect(hasSystemKey(req('http://h/admin/clock?code=k3y', { 'x-functions-key': 'wrong' }), 'k3y')).toBe(false); // the header wins, as in Azure
});

// The app's Dependencies (shared/adapters/appDependencies.ts), built once when
// the app starts: building them touches nothing, each adapter is made on its
// first use and then kept, and Microsoft's clients are kept per caller inside
// them, not in a module (two apps in one process share none).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDependencies } from '../../shared/adapters/appDependencies';

const caller = { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent' as const] };
const MICROSOFT = { PARTNER_CENTER_URL: 'https://pc.example', ARM_URL: 'https://arm.example', GRAPH_URL: 'https://graph.example', CREDITS_API_URL: 'https://credits.example' };

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deps-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

test('building them opens nothing: the store is opened on first use, once', async () => {
    const deps = createDependencies({ DATA_DIR: dir });
    expect(fs.existsSync(path.join(dir, 'state'))).toBe(false);
    const store = deps.stateStore;
    expect(deps.stateStore).toBe(store);
    await store.ping();
    expect(fs.existsSync(path.join(dir, 'state'))).toBe(true);
    await store.close();
});

test('a bad setting fails where the adapter is first used, not when they are built (the start-up check names it first)', () => {
    const deps = createDependencies({ STATE_STORE: 'elsewhere', DATA_DIR: dir });
    expect(() => deps.stateStore).toThrow(/STATE_STORE/);
});

test('Microsoft\'s clients are kept per caller and budget within one app, and not shared between two', () => {
    const one = createDependencies(MICROSOFT);
    const other = createDependencies(MICROSOFT);
    expect(one.microsoft(caller)).toBe(one.microsoft(caller));
    expect(one.microsoft(caller, 'request')).not.toBe(one.microsoft(caller));
    expect(other.microsoft(caller)).not.toBe(one.microsoft(caller));
});

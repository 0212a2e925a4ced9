// The Communications Credits reader against the simulator, including a change
// the customer's admin makes at run time.
import { CreditsClient } from '../../shared/adapters/credits/creditsClient';
import { UpstreamNotFoundError } from '../../shared/adapters/http/httpClient';
import { DEMO, SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';

const SCHOOL_OF_FINE_ART = '10000000-0000-4000-8000-000000000014';
let sim: SimulatorHost;

beforeAll(async () => { sim = await startSimulatorHost(); });
afterAll(async () => { await sim.stop(); });

const credits = () => new CreditsClient({ baseUrl: sim.endpoints.credits, token: sim.tokenFor(DEMO.contosoAdmin), backoffMs: 10 });

test('reads balance and auto-recharge, and sees the customer turn auto-recharge off', async () => {
    const before = await credits().credits(SCHOOL_OF_FINE_ART);
    expect(before.credits?.autoRecharge?.enabled).toBe(true);
    const patched = await sim.call('POST', `/simulator/customers/${SCHOOL_OF_FINE_ART}`, { credits: { autoRecharge: { enabled: false } } });
    expect(patched.status).toBe(200);
    expect((await credits().credits(SCHOOL_OF_FINE_ART)).credits?.autoRecharge?.enabled).toBe(false);
});

test('a customer that never bought credits reads as null; another partner\'s customer is not found', async () => {
    expect((await credits().credits('10000000-0000-4000-8000-000000000002')).credits).toBeNull();
    expect((await credits().credits(DEMO.fabrikam)).credits).toEqual(expect.objectContaining({ balance: 0, currency: 'EUR' }));
    const other = new CreditsClient({ baseUrl: sim.endpoints.credits, token: sim.tokenFor({ partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent'] }), retries: 0 });
    await expect(other.credits(DEMO.fabrikam)).rejects.toBeInstanceOf(UpstreamNotFoundError);
});

test('an invalid customer patch is refused with the path of the bad field', async () => {
    const res = await sim.call('POST', `/simulator/customers/${SCHOOL_OF_FINE_ART}`, { azure: { kind: 'cloud' } });
    expect(res.status).toBe(400);
    expect(res.json.description).toMatch(/customers\[\d+\]\.azure\.kind/);
});

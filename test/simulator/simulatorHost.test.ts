// The simulator as the local host serves it: tokens the app's verifier accepts
// through the published key set, the mail sink behind the app's SMTP adapter,
// state that survives a restart, reset, and a bad world file stopping the host.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTokenVerifier, loadAuthConfig } from '../../shared/adapters/identity/identity';
import { createMailer } from '../../shared/adapters/mail/mailers';
import { DEMO, startSimulatorHost } from '../helpers/simulatorHost';
import { tempDir } from '../helpers/testHost';
import { until } from '../helpers/wait';
import { AGENTS, asAgent, tenant } from './support';

const SCHOOL_OF_FINE_ART = '10000000-0000-4000-8000-000000000014';

test("a simulator token passes the app's verifier, fetched keys and all; a tampered one does not", async () => {
    const sim = await startSimulatorHost();
    try {
        const res = await sim.call('POST', '/simulator/token', DEMO.contosoAdmin);
        expect(res.status).toBe(200);
        const verifier = createTokenVerifier(loadAuthConfig({ LOCAL_HOST_URL: sim.url }));
        expect(await verifier.verify(`Bearer ${res.json.access_token}`)).toEqual({ partnerId: '1001', upn: DEMO.contosoAdmin.upn, roles: ['AdminAgent'] });
        const [h, p, s] = (res.json.access_token as string).split('.');
        const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), partnerId: '1002' })).toString('base64url');
        await expect(verifier.verify(`Bearer ${h}.${forged}.${s}`)).rejects.toMatchObject({ code: 'unauthenticated' });
        expect((await sim.call('POST', '/simulator/token', { ...DEMO.contosoAdmin, partnerId: '4242' })).status).toBe(404);
    } finally {
        await sim.stop();
    }
});

test('mail sent with the app\'s SMTP adapter lands in the mailbox with its links; DELETE empties it', async () => {
    const sim = await startSimulatorHost();
    try {
        const mailer = createMailer({ LOCAL_SMTP_PORT: process.env.LOCAL_SMTP_PORT });
        await mailer.send({ to: 'it@fabrikam.example', subject: 'Approve the handover', text: 'Open https://localhost/approve?t=abc to approve.', html: '<a href="https://localhost/decline?t=abc">Decline</a>' });
        const box = await sim.call('GET', '/simulator/mailbox');
        expect(box.json).toEqual([expect.objectContaining({ to: ['it@fabrikam.example'], subject: 'Approve the handover', links: ['https://localhost/approve?t=abc', 'https://localhost/decline?t=abc'] })]);
        expect((await sim.call('DELETE', '/simulator/mailbox')).status).toBe(204);
        expect((await sim.call('GET', '/simulator/mailbox')).json).toEqual([]);
    } finally {
        await sim.stop();
    }
});

test('runtime changes survive a restart on the same data dir; reset returns to the world file', async () => {
    const dataDir = tempDir('too-simstate-');
    try {
        const first = await startSimulatorHost(undefined, { dataDir });
        await first.call('POST', `/simulator/customers/${SCHOOL_OF_FINE_ART}`, { credits: { autoRecharge: { enabled: false } } });
        await first.stop();

        const second = await startSimulatorHost(undefined, { dataDir });
        const kept = await second.call('GET', `/simulator/customers/${SCHOOL_OF_FINE_ART}`);
        expect(kept.json.credits.autoRecharge.enabled).toBe(false);
        expect((await second.call('POST', '/simulator/reset')).status).toBe(204);
        expect((await second.call('GET', `/simulator/customers/${SCHOOL_OF_FINE_ART}`)).json.credits.autoRecharge.enabled).toBe(true);
        await second.stop();

        const third = await startSimulatorHost(undefined, { dataDir }); // the reset itself was kept
        expect((await third.call('GET', `/simulator/customers/${SCHOOL_OF_FINE_ART}`)).json.credits.autoRecharge.enabled).toBe(true);
        expect((await third.call('GET', '/simulator/world')).json.customers).toHaveLength(17);
        await third.stop();
    } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
});

test('Microsoft\'s work takes its delay whatever the host\'s clock does: set back after an alias PUT, the subscription is still created', async () => {
    const sim = await startSimulatorHost();
    try {
        await sim.setClock('2026-11-29T12:00:00Z');
        const arm = asAgent(sim, AGENTS.contosoAdmin, 'arm');
        const body = { properties: { displayName: 'Set back', workload: 'Production', billingScope: `/providers/Microsoft.Billing/billingAccounts/1001:mpa/customers/${tenant(2)}` } };
        expect((await arm('PUT', '/providers/Microsoft.Subscription/aliases/set-back-1?api-version=2021-10-01', body)).json.properties.provisioningState).toBe('Accepted');
        await sim.setClock('2026-11-28T12:00:00Z');
        const created = await until(async () => {
            const alias = (await arm('GET', '/providers/Microsoft.Subscription/aliases/set-back-1?api-version=2021-10-01')).json;
            return alias.properties.provisioningState === 'Succeeded' ? alias : undefined;
        }, 3000, 50);
        expect(created.properties.subscriptionId).toEqual(expect.any(String));
        // what the simulator records keeps the host's clock: the PUT is logged on the 29th
        const [put] = (await sim.call('GET', '/simulator/log')).json.entries;
        expect(put.at.slice(0, 10)).toBe('2026-11-29');
    } finally {
        await sim.stop();
    }
});

test('Graph dates its errors on the host\'s clock', async () => {
    const sim = await startSimulatorHost();
    try {
        await sim.setClock('2026-11-29T12:00:00Z');
        const refused = await asAgent(sim, AGENTS.contosoAdmin, 'graph')('GET', `/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=${encodeURIComponent('displayName eq \'x\'')}`);
        expect(refused.status).toBe(400);
        expect(refused.json.error.innerError.date.slice(0, 10)).toBe('2026-11-29');
    } finally {
        await sim.stop();
    }
});

test('a bad world file stops the host with a non-zero exit naming the file and each bad field', () => {
    const dir = tempDir('too-badworld-');
    try {
        const world = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'simulator', 'worlds', 'demo.json'), 'utf8'));
        world.customers[2].azure.kind = 'cloud';
        world.partners[0].kind = 'distributor';
        const file = path.join(dir, 'bad-world.json');
        fs.writeFileSync(file, JSON.stringify(world));
        const run = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'local', 'main.js')], {
            env: { ...process.env, PORT: '0', DATA_DIR: dir, SIMULATOR_WORLD: file }, encoding: 'utf8', timeout: 20000,
        });
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain(file);
        expect(run.stderr).toContain('customers[2].azure.kind');
        expect(run.stderr).toContain('partners[0].kind');
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

// `npm run screenshots [dir]`: the console's main views as a person sees them
// after `npm start`, at 1280 and 390 px, into test-artifacts/screenshots/ (or
// dir), and the README's picture (docs/images/console-fabrikam.png: Fabrikam
// after an AdminAgent switched overage on, with the run's audit trail).
// It starts the local host as `npm start` does (its own port and a fresh data
// dir, so a running host and its state are left alone), signs in as the demo
// AdminAgent and walks the views. A console error, a page error or a refused
// request on the way fails it: no picture of a broken page is published.
// Like the benchmarks it is a developer's tool (Chromium through playwright-core).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { DEFAULT_WORLD_PATH } from '../simulator/world';
import { chromiumInstalled, installChromium, LAUNCH } from './browser/chromium';
import { shootBothWidths } from './browser/shoot';
import { freePort, healthy } from './hostProcess';

const ROOT = path.resolve(__dirname, '..', '..');
const README_IMAGE = path.join(ROOT, 'docs', 'images', 'console-fabrikam.png');
const ADMIN = { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent'] };
const CUSTOMER = { fabrikam: '10000000-0000-4000-8000-000000000001', trey: '10000000-0000-4000-8000-000000000006', lucerne: '10000000-0000-4000-8000-000000000007' };

interface Host { url: string; key: string; stop(): Promise<void> }

/**
 * dist/local/main.js, as `npm start` runs it, on a free port with a data dir of its own; JSON logs (not shown).
 * Its world is the demo world with Microsoft's delays cut to 50 ms, as the tests' hosts have it: the customer's
 * page reads the diagnosis once, when the run ends, and the picture should show the settled state, not one
 * caught while Partner Center is still switching the plan.
 */
async function startHost(): Promise<Host> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-screenshots-'));
    const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
    const worldPath = path.join(dataDir, 'world.json');
    fs.writeFileSync(worldPath, JSON.stringify(world));
    const port = await freePort();
    const key = randomBytes(24).toString('base64url');
    const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist', 'local', 'main.js')], {
        cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SIMULATOR_WORLD: worldPath, DURABLE_SYSTEM_KEY: key, LOG_FORMAT: 'json' },
    });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    const stop = async () => {
        if (child.exitCode === null) await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
        fs.rmSync(dataDir, { recursive: true, force: true });
    };
    const url = `http://localhost:${port}`;
    await healthy(url).catch(async (err: Error) => { await stop(); throw new Error(`${err.message}\n${stderr}`); });
    return { url, key, stop };
}

/** The fleet as the sync timer fills it: run now by the operator's key, then read until it lists customers. */
async function syncFleet(host: Host): Promise<void> {
    const ran = await fetch(`${host.url}/admin/functions/readModelSync`, { method: 'POST', headers: { 'x-functions-key': host.key } });
    if (ran.status !== 202) throw new Error(`the fleet sync did not start: ${ran.status} ${await ran.text()}`);
    const signedIn = await (await fetch(`${host.url}/simulator/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json() as { access_token: string };
    const token = signedIn.access_token;
    for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
        const fleet = await fetch(`${host.url}/api/readiness`, { headers: { authorization: `Bearer ${token}` } });
        if (fleet.status === 200 && ((await fleet.json()) as { counts: { total: number } }).counts.total > 0) return;
    }
    throw new Error('the fleet is still empty a minute after the sync started');
}

/** What went wrong on the page: console and page errors, refused requests (method, path, status). */
function watch(page: Page): string[] {
    const wrong: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') wrong.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => wrong.push(`page error: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) wrong.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
    return wrong;
}

/** A customer's page by its address, once its heading and its diagnosis are shown. */
async function customerPage(page: Page, host: Host, id: string): Promise<void> {
    await page.goto(`${host.url}/api/console#/customers/${id}`);
    await page.locator('#detail-h').waitFor();
    await page.locator('#diag-h + p').waitFor();
}

/** Fabrikam switched on with the subscription the picker offers first, the run ended and its audit trail open. */
async function fabrikamEnabled(page: Page, host: Host): Promise<void> {
    await customerPage(page, host, CUSTOMER.fabrikam);
    await page.getByRole('button', { name: 'Enable overage' }).click();
    // the customer is read again once the run ended: the state's badge turns on
    await page.locator('#state-h + dl .badge.on').waitFor({ timeout: 60_000 });
    const trail = page.getByRole('button', { name: /audit trail/i });
    if (await trail.count() > 0 && /show/i.test(await trail.first().textContent() ?? '')) await trail.first().click();
    await page.locator('.events li').first().waitFor();
}

async function main(): Promise<void> {
    const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-artifacts', 'screenshots'));
    fs.mkdirSync(out, { recursive: true });
    if (!chromiumInstalled()) installChromium();
    const host = await startHost();
    const browser = await chromium.launch(LAUNCH);
    try {
        await syncFleet(host);
        const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
        const wrong = watch(page);
        const shot = async (name: string) => { await shootBothWidths(page, out, name); console.log(`${path.relative(ROOT, out)}/${name}-{1280,390}.png`); };

        await page.goto(`${host.url}/api/console`);
        await page.getByRole('button', { name: new RegExp(`^${ADMIN.upn.replace(/\./g, '\\.')}`) }).click();
        await page.locator('.fleet .table-wrap[aria-busy="false"]').waitFor();
        await shot('fleet');
        await fabrikamEnabled(page, host);
        await page.screenshot({ path: README_IMAGE, fullPage: true });
        console.log(path.relative(ROOT, README_IMAGE));
        await shot('customer-fabrikam-enabled');
        await customerPage(page, host, CUSTOMER.trey);
        await shot('customer-trey-research');
        await customerPage(page, host, CUSTOMER.lucerne);
        await shot('customer-lucerne-publishing');
        await page.goto(`${host.url}/simulator/mailbox`);
        await shot('mailbox');
        await page.goto(`${host.url}/api/docs`);
        await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
        await shot('api-docs');
        if (wrong.length > 0) throw new Error(`the pages were not clean:\n  ${wrong.join('\n  ')}`);
    } finally {
        await browser.close();
        await host.stop();
    }
}

main().catch((err: Error) => {
    process.stderr.write(`screenshots failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
});

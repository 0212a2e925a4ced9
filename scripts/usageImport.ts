// npm run -s usage:import -- --customer <tenantId> [--mode skip-bad-rows] [--url http://localhost:${PORT:-7071}] <file.csv>
// Streams a Teams PSTN usage report to POST /api/customers/{id}/usage and
// prints the answer. The token is --token or OVERAGE_TOKEN; without either,
// one is minted from the local host's simulator (POST <url>/simulator/token)
// for --agent/--partner/--roles (default: the demo's Contoso admin).
// Exit code 0 when the import was committed, 1 otherwise.
// It says on stderr what it sends where, the customer in full and only the
// token masked: npm's own echo of the command masks every GUID-shaped
// argument (`--customer ***`), so `npm run -s usage:import` leaves that out.
//
// The upload goes through node:http(s), whose pipe waits for the socket to
// drain: fetch with a ReadableStream body was measured reading ahead of the
// network by ~100 MB per million rows.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { pipeline } from 'node:stream';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run -s usage:import -- --customer <tenantId> [--mode all-or-nothing|skip-bad-rows] [--url http://localhost:7071] [--token <jwt>] [--agent <upn> --partner <id> --roles AdminAgent] <file.csv>';

interface Answer { status: number; body: string }

async function main(): Promise<number> {
    const { values: o, positionals } = parseArgs({
        allowPositionals: true,
        options: {
            customer: { type: 'string' }, mode: { type: 'string', default: 'all-or-nothing' }, url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 7071}` },
            token: { type: 'string' }, agent: { type: 'string', default: 'admin@contoso-telecom.example' }, partner: { type: 'string', default: '1001' },
            roles: { type: 'string', default: 'AdminAgent' }, help: { type: 'boolean' },
        },
    });
    if (o.help || !o.customer || positionals.length !== 1) {
        process.stderr.write(`${USAGE}\n`);
        return o.help ? 0 : 1;
    }
    const file = positionals[0];
    if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
    const target = new URL(`/api/customers/${encodeURIComponent(o.customer)}/usage?mode=${encodeURIComponent(o.mode!)}`, o.url);
    const given = o.token ? '--token ***' : process.env.OVERAGE_TOKEN ? 'OVERAGE_TOKEN (***)' : undefined;
    process.stderr.write(`usage:import: ${file} (${fs.statSync(file).size.toLocaleString('en')} bytes) for customer ${o.customer} to POST ${target.href}, ${given ? `with the token of ${given}` : `as ${o.agent} (partner ${o.partner}, ${o.roles}; a token from the local simulator)`}\n`);
    const token = o.token ?? process.env.OVERAGE_TOKEN ?? (await reachable(o.url!, simulatorToken(o.url!, o.partner!, o.agent!, o.roles!.split(','))));
    const answer = await reachable(o.url!, upload(target, token, file));
    process.stdout.write(`${pretty(answer.body)}\n`);
    return answer.status >= 200 && answer.status < 300 ? 0 : 1;
}

/** "fetch failed" or ECONNREFUSED says nothing a person can act on: nobody listens at the URL. */
async function reachable<T>(url: string, attempt: Promise<T>): Promise<T> {
    try {
        return await attempt;
    } catch (err) {
        const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
        if (code === 'ECONNREFUSED') throw new Error(`nothing answers at ${url}: start the host (npm start), or give its address with --url`);
        throw err;
    }
}

/** A token from the local host's simulator, for the given agent. */
async function simulatorToken(url: string, partnerId: string, upn: string, roles: string[]): Promise<string> {
    const res = await fetch(new URL('/simulator/token', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ partnerId, upn, roles }) });
    if (!res.ok) throw new Error(`no token: ${url} did not mint one (${res.status}); pass --token or set OVERAGE_TOKEN`);
    return ((await res.json()) as { access_token: string }).access_token;
}

function upload(url: URL, token: string, file: string): Promise<Answer> {
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
        const req = request(url, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
        });
        req.on('error', reject);
        // the server may answer (and stop reading) before the file is sent: its answer is what counts
        pipeline(fs.createReadStream(file), req, () => undefined);
    });
}

function pretty(body: string): string {
    try {
        return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
        return body;
    }
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});

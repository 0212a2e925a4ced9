// The README's walkthroughs as a person uses them: each shell block pasted as
// one piece into bash, against a local host the test starts (the demo world
// with short delays, its clock set), with only `localhost:7071` pointed at
// that host's port. Every shell block in the README is marked in its source
// (<!-- walkthrough: NAME --> just above it) as one that runs here, or as one
// that cannot, with the reason; a block that runs must end as its check says.
// The blocks call `npm run -s key` and `usage:import`, which run dist/ (the
// stale-build guard checks it: `npm run build` first).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppHost } from '../helpers/appHost';
import { freshAppHost } from '../helpers/freshHost';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/**
 * The host's time for a walkthrough that names a month: after November 2026, whose usage the accrual
 * walkthrough rates. The others run on real time, as `date -u` in the credits advice's does.
 */
const CLOCK: Record<string, string> = { accrual: '2026-12-07T09:00:00Z' };

interface Block { line: number; mark: string | undefined; code: string }

/** Every ```sh block (indented ones too), with the line above it (its mark) when that is a walkthrough comment. */
function shellBlocks(markdown: string): Block[] {
    const lines = markdown.split('\n');
    const blocks: Block[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = /^(\s*)```sh\s*$/.exec(lines[i]);
        if (!open) continue;
        const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
        const above = lines.slice(0, i).reverse().find((l) => l.trim()) ?? '';
        const mark = /^\s*<!-- walkthrough: (.+?) -->\s*$/.exec(above)?.[1];
        blocks.push({ line: i + 1, mark, code: lines.slice(i + 1, end).map((l) => l.slice(open[1].length)).join('\n') });
        i = end;
    }
    return blocks;
}

const BLOCKS = shellBlocks(README);
const RUNNABLE = BLOCKS.filter((b) => b.mark && !b.mark.startsWith('not run in CI'));

/** How each walkthrough must end (what a person pasting it would see). */
const CHECKS: Record<string, (out: string) => void> = {
    enablement: (out) => {
        expect(out).toMatch(/^HTTP\/1\.1 202 Accepted/m);
        expect(out).toMatch(/"kind":"enable"/);
    },
    handover: (out) => {
        expect(out).toMatch(/^handover: partnerHandover-\S+$/m);
        expect(out).not.toContain('did not arrive');
        expect(out.match(/"title":"Your approval is recorded"/g)).toHaveLength(3);
        expect(out).toMatch(/^handover completed$/m);
        expect(out).toMatch(/"partnerId":"1002"/);
    },
    accrual: (out) => {
        expect(out).toMatch(/"committed": true/);
        expect(out).toMatch(/^accrual completed$/m);
        expect(out).toMatch(/"month":"2026-11"/);
        expect(out).toContain('PartnerId,CustomerId,CustomerName,'); // the reconciliation CSV's header
        expect(out).toMatch(/^1001,10000000-0000-4000-8000-000000000007,Lucerne Publishing,/m);
    },
    'credits-advice': (out) => {
        // the first follows the pull's answer on its line
        expect(out.match(/accrual \d{4}-\d\d completed$/gm)).toHaveLength(3);
        expect(out).toMatch(/"customerTenantId":"10000000-0000-4000-8000-000000000014"/);
        expect(out).not.toMatch(/"code":"not-enough-usage"/);
    },
    simulator: (out) => {
        expect(out).toMatch(/"access_token":"[\w-]+\.[\w-]+\.[\w-]+"/);
        expect(out.trim()).toMatch(/\}\[.*\]$/s); // the mailbox after the token, as JSON for curl
    },
};

/** Runs `code` in bash as one pasted piece; resolves with its exit code and everything it printed. */
function paste(code: string, env: Record<string, string>, ms = 150_000): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
        const bash = spawn('bash', ['-c', code], { cwd: ROOT, env: { ...process.env, ...env } });
        let out = '';
        bash.stdout.on('data', (b: Buffer) => { out += b.toString(); });
        bash.stderr.on('data', (b: Buffer) => { out += b.toString(); });
        const timer = setTimeout(() => bash.kill('SIGKILL'), ms);
        bash.on('close', (status) => { clearTimeout(timer); resolve({ code: status, out }); });
    });
}

test('every shell block of the README is marked: run here, or not run in CI with the reason', () => {
    expect(BLOCKS.filter((b) => !b.mark).map((b) => `README.md:${b.line}`)).toEqual([]);
    for (const b of BLOCKS.filter((x) => x.mark!.startsWith('not run in CI'))) expect(`README.md:${b.line} ${b.mark}`).toMatch(/not run in CI: \S.{10,}/);
    expect(RUNNABLE.map((b) => b.mark).sort()).toEqual(Object.keys(CHECKS).sort());
    // the compiled scripts the walkthroughs call (npm run -s key, usage:import)
    expect(fs.existsSync(path.join(ROOT, 'dist', 'local', 'printKey.js'))).toBe(true);
});

describe.each(RUNNABLE.map((b) => [b.mark!, b] as const))('the %s walkthrough', (name, block) => {
    let app: AppHost;
    beforeAll(async () => {
        app = await freshAppHost();
        if (CLOCK[name]) await app.setClock(CLOCK[name]);
    });
    afterAll(() => app?.stop());

    test('pasted as one block, it runs to its end', async () => {
        const port = new URL(app.url).port;
        const { code, out } = await paste(block.code.replaceAll('localhost:7071', `localhost:${port}`), { PORT: port, DATA_DIR: app.dataDir! });
        try {
            expect(code).toBe(0);
            CHECKS[name](out);
        } catch (err) {
            throw new Error(`README.md:${block.line} (${name}) printed:\n${out}\n\n${(err as Error).message}`);
        }
    }, 180_000);
});

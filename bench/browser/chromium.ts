// The browser the browser tests and `npm run screenshots` drive: Debian's
// chromium (Playwright's own download needs the internet, which these machines
// do not have), installed once per run by the jest global setup where it is
// missing and we are root.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps reaching for outside hosts on a closed network. */
export const LAUNCH = {
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export const isRoot = (): boolean => process.getuid?.() === 0;
export const chromiumInstalled = (): boolean => fs.existsSync(CHROMIUM);

/**
 * Why the browser tests must be skipped here, or undefined when they must run.
 * Only a machine that lacks chromium and cannot install it (not root) skips; CI never does.
 */
export function browserSkipReason(env: Record<string, string | undefined> = process.env): string | undefined {
    if (chromiumInstalled() || env.CI === 'true' || isRoot()) return undefined;
    return `${CHROMIUM} is missing and cannot be installed without root: run \`apt-get install -y chromium\` as root to run the browser tests`;
}

/** apt-get install chromium (updating the package lists only if the first try fails); throws with apt's output when it cannot. */
export function installChromium(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
    if (chromiumInstalled()) return;
    if (!isRoot()) throw new Error(`${CHROMIUM} is missing and only root can install it`);
    const apt = (...args: string[]) => spawnSync('apt-get', args, { encoding: 'utf8', timeout: 10 * 60_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    log(`browser tests: installing chromium (apt-get install -y chromium, about 20 s) ...`);
    let result = apt('install', '-y', 'chromium');
    if (result.status !== 0) {
        apt('update');
        result = apt('install', '-y', 'chromium');
    }
    if (result.status !== 0 || !chromiumInstalled()) {
        throw new Error(`apt-get install chromium failed (${result.error?.message ?? `exit ${result.status}`}): ${(result.stderr || result.stdout || '').slice(-2000)}`);
    }
    log(`browser tests: chromium installed at ${CHROMIUM}`);
}

// Where the browser suites' screenshots go (how a view is shot, at 1280 and
// 390 px, is bench/browser/shoot.ts, shared with `npm run screenshots`).
// They are kept in test-artifacts/<suite>/ under CI=true or SCREENSHOTS=1
// (SCREENSHOTS=<dir> keeps them under that dir instead); otherwise they go to
// a temp dir removed after the suite, so the shooting itself is still tested.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export { fileName, shootBothWidths, WIDTHS } from '../../bench/browser/shoot';

/** The settings each suite had before SCREENSHOTS, by folder: a folder to keep them in. */
const LEGACY: Record<string, string> = { console: 'CONSOLE_SCREENSHOTS', mailbox: 'MAILBOX_SCREENSHOTS', approval: 'APPROVAL_SCREENSHOTS' };

/** The folder that keeps a suite's screenshots, or undefined when they are thrown away. */
export function keptShotsDir(folder: string, env: Record<string, string | undefined> = process.env): string | undefined {
    // the older per-suite settings still work
    const legacy = LEGACY[folder] && env[LEGACY[folder]];
    if (legacy) return legacy;
    const flag = env.SCREENSHOTS;
    if (flag && flag !== '0' && flag !== 'false') return path.join(flag === '1' || flag === 'true' ? 'test-artifacts' : flag, folder);
    return env.CI === 'true' ? path.join('test-artifacts', folder) : undefined;
}

/** A suite's screenshot folder, made; `dispose` removes it unless it is kept. */
export function shotsDir(folder: string): { dir: string; kept: boolean; dispose: () => void } {
    const kept = keptShotsDir(folder);
    if (kept) {
        fs.mkdirSync(kept, { recursive: true });
        return { dir: kept, kept: true, dispose: () => undefined };
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `too-${folder}-shots-`));
    return { dir, kept: false, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

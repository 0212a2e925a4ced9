// Jest's globalSetup: once per run, before any suite.
// 1. the stale-build guard (suites that spawn dist/ need a fresh build);
// 2. the browser tests' chromium, installed when a selected suite is a browser
//    test and /usr/bin/chromium is missing (root only; elsewhere those tests skip,
//    except under CI=true, where they fail).
import * as path from 'node:path';
import { browserSkipReason, chromiumInstalled, installChromium, isRoot } from '../browser/chromium';
import distFresh, { candidateSuites, RunConfig, SuiteConfig } from './distFresh';

export default async function globalSetup(run: RunConfig, suites: SuiteConfig): Promise<void> {
    await distFresh(run, suites);
    const browserSuites = candidateSuites(run, suites).filter((f) => path.relative(run.rootDir, f).split(path.sep).join('/').startsWith('test/browser/'));
    if (browserSuites.length === 0 || chromiumInstalled()) return;
    if (!isRoot()) {
        process.stderr.write(`browser tests will ${process.env.CI === 'true' ? 'fail (CI)' : 'be skipped'}: ${browserSkipReason() ?? 'chromium is missing'}\n`);
        return;
    }
    try {
        installChromium();
    } catch (err) {
        // only the browser suites fail (they find no chromium), not the whole run
        process.stderr.write(`browser tests: ${(err as Error).message}\n`);
    }
}

// Orchestrators replay deterministically only if nothing they load does I/O.
// The lint rule checks their direct imports; this follows every import, so a
// schema file that pulls in the state store is caught too.
import { importGraph, sourcesUnder } from '../helpers/importGraph';

// the app's clock too: an orchestrator's time is context.df.currentUtcDateTime
const FORBIDDEN = [/^shared\/adapters\//, /^shared\/features\//, /^shared\/core\/clock\.ts$/, /^local\//, /^simulator\//, /^activities\//];
const FORBIDDEN_PACKAGES = /^(@azure\/cosmos|@azure\/service-bus|@azure\/arm-|@azure\/identity|lmdb|nodemailer|node:|fs$|http$|https$|net$|child_process$)/;

test.each(sourcesUnder('orchestrations'))('%s loads no I/O module, however indirectly', (file) => {
    const { files, packages } = importGraph(file);
    expect([...files].filter((f) => FORBIDDEN.some((re) => re.test(f)))).toEqual([]);
    expect([...packages].filter((p) => FORBIDDEN_PACKAGES.test(p))).toEqual([]);
});

test('the graph walker sees through re-exports to the state store', () => {
    const { files } = importGraph('shared/features/overage/settingStore.ts');
    expect([...files].some((f) => f.startsWith('shared/adapters/state/'))).toBe(true);
});

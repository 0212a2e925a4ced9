// `npm run key`: prints the local host's operator key (for x-functions-key or
// code=: the admin API, the Durable HTTP API, PUT /api/rates...), the one
// `npm start` runs with: DURABLE_SYSTEM_KEY (environment or
// local.settings.json) when set, else the key the host generated into
// DATA_DIR on its first start. Only the key goes to stdout, so
// K=$(npm run --silent key) works; never printed by the host itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openKv } from '../shared/adapters/embedded/embeddedKv';
import { applyLocalSettings } from './config/hostJson';
import { storedSystemKey } from './config/operatorKey';

function operatorKey(): string | undefined {
    applyLocalSettings(path.resolve('local.settings.json'));
    if (process.env.DURABLE_SYSTEM_KEY) return process.env.DURABLE_SYSTEM_KEY;
    const store = path.resolve(process.env.DATA_DIR ?? '.data', 'host');
    // opening a store that is not there would create an empty one
    if (!fs.existsSync(store)) return undefined;
    const kv = openKv(store);
    try {
        return storedSystemKey(kv);
    } finally {
        void kv.close();
    }
}

const key = operatorKey();
if (key) {
    process.stdout.write(`${key}\n`);
} else {
    process.stderr.write(`No operator key in ${path.resolve(process.env.DATA_DIR ?? '.data')} yet: \`npm start\` generates one on its first start (or set DURABLE_SYSTEM_KEY to choose one).\n`);
    process.exitCode = 1;
}

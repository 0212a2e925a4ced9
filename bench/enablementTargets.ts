// autocannon setupRequest for the enablement bench: each request a connection
// sends goes to the next target of the list named by BENCH_ENABLEMENT_TARGETS
// (a JSON file of {method, path, body?}), round robin across all connections,
// so consecutive requests hit different customers. A module (module.exports is
// the function) because autocannon's worker threads take setupRequest as a path.
import * as fs from 'node:fs';
import type autocannon from 'autocannon';
import type { Target } from './enablementWorld';

let loadedFrom: string | undefined;
let targets: Target[] = [];
let next = 0;

function setupRequest(req: autocannon.RawRequest): autocannon.RawRequest {
    const file = process.env.BENCH_ENABLEMENT_TARGETS;
    if (!file) throw new Error('BENCH_ENABLEMENT_TARGETS is not set');
    if (file !== loadedFrom) {
        targets = JSON.parse(fs.readFileSync(file, 'utf8')) as Target[];
        if (targets.length === 0) throw new Error(`${file}: no targets`);
        loadedFrom = file;
        next = 0;
    }
    const t = targets[next++ % targets.length];
    req.method = t.method;
    req.path = t.path;
    if (t.body !== undefined) req.body = t.body;
    return req;
}

export = setupRequest;

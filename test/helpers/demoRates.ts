// The demo rate card (docs/rates/demo-rates.csv, the simulator's prices),
// loaded into a host as an operator does: the rating suites price with it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppHost } from './appHost';

export const DEMO_RATES_CSV = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rates', 'demo-rates.csv'), 'utf8');

/** PUT /api/rates with the demo card and the operator key; the answer's status (200 when stored). */
export async function putDemoRates(app: AppHost): Promise<number> {
    return (await app.call('PUT', '/api/rates', DEMO_RATES_CSV, { 'x-functions-key': app.host.systemKey, 'content-type': 'text/csv' })).status;
}

// Property suite over every host endpoint (see hostProperties.ts), with an app
// that does not stream HTTP: the admin queue API, the Durable webhooks, the
// simulator's control endpoints and the test app's function routes.
import * as path from 'node:path';
import { startTestHost, TestHost } from '../helpers/testHost';
import { describeHostProperties, query } from './hostProperties';

const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');
let t: TestHost;

beforeAll(async () => { t = await startTestHost(APP, { simulator: {}, maxRequestBodyBytes: 512 * 1024 }); });
afterAll(async () => { await t.stop(); });

describeHostProperties(() => t, [
    { name: 'admin queue API', prefixes: ['/admin/', '/admin/queues/', '/admin/queues/orders/', '/admin/queues/orders/deadletters/'], query: query(() => t) },
    { name: 'Durable webhooks', prefixes: ['/runtime/webhooks/durabletask/', '/runtime/webhooks/durabletask/instances/', '/runtime/webhooks/durabletask/orchestrators/'], query: query(() => t) },
    { name: 'simulator control endpoints', prefixes: ['/simulator/', '/simulator/token', '/simulator/customers/', '/simulator/faults', '/simulator/mailbox', '/simulator/world'], query: query(() => t) },
    { name: 'function routes', prefixes: ['/', '/api/', '/api/items/', '/api/orders', '/api/cookies', '/api/empty'], query: query(() => t) },
]);

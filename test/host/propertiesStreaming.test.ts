// The property suite (see hostProperties.ts) against an app that streams
// HTTP: its function routes go through the app's own proxy.
import * as path from 'node:path';
import { startTestHost, TestHost } from '../helpers/testHost';
import { describeHostProperties, query } from './hostProperties';

const APP = path.join(__dirname, '..', 'apps', 'streamingApp.ts');
let t: TestHost;

beforeAll(async () => { t = await startTestHost(APP, { maxRequestBodyBytes: 512 * 1024 }); });
afterAll(async () => { await t.stop(); });

describeHostProperties(() => t, [
    { name: 'streamed function routes', prefixes: ['/', '/api/', '/api/items/', '/api/orders', '/api/uploads', '/api/countdown/', '/api/cookies', '/api/empty'], query: query(() => t) },
]);

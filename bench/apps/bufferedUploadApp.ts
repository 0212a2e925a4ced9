// The upload bench's "buffered" app: the overage enablement route answering
// 401 to a caller without a token, with HTTP streaming left off, so the host
// must read the whole body before the function can refuse it.
import { app } from '@azure/functions';

app.http('startEnablement', {
    route: 'customers/{customerTenantId}/overage/enablements',
    methods: ['POST'],
    handler: async (req) => (req.headers.get('authorization') ? { status: 202 } : { status: 401 }),
});

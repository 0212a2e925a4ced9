// The 202 answer of a started (or joined) run: the Durable management links
// and a Location header to poll.
import type { HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import type { Started } from '../../shared/overage/runs';

export function accepted(client: DurableClient, started: Started): HttpResponseInit {
    const links = client.createHttpManagementPayload(started.instanceId);
    return {
        status: 202,
        headers: { location: links.statusQueryGetUri, 'retry-after': '5' },
        jsonBody: { ...links, joined: started.joined },
    };
}

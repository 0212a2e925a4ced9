// Azure SDK clients refuse to send bearer tokens over plain HTTP. The local
// simulator serves plain HTTP on loopback only, so for a loopback base URL we
// swap the SDK's bearer policy for one that adds the same header. Any other
// URL keeps the stock policy (and its HTTPS check).
import type { ServiceClient } from '@azure/core-client';

export function allowBearerOnLoopback(client: ServiceClient, baseUrl: string, token: () => Promise<string>): void {
    const { protocol, hostname } = new URL(baseUrl);
    if (protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(hostname)) return;
    client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
    client.pipeline.addPolicy({
        name: 'loopbackBearerPolicy',
        async sendRequest(request, next) {
            request.headers.set('authorization', `Bearer ${await token()}`);
            request.allowInsecureConnection = true;
            return next(request);
        },
    });
}

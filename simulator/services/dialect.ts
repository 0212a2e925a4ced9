// What sets one simulated Microsoft service apart from another at the door:
// the token audiences it accepts and how it words its errors.
import type { OutgoingHttp } from '../http/exchange';
import { armError, ErrorBody, graphError, partnerCenterError } from '../http/errorBodies';
import type { RouteErrors } from '../http/router';
import { SERVICE_AUDIENCES } from '../identity/audiences';
import type { ServiceName } from '../log/writeLog';

export interface Dialect extends RouteErrors {
    service: ServiceName;
    audiences: readonly string[];
    error: ErrorBody;
    unauthenticated(reason: string): OutgoingHttp;
    badRequest(reason: string): OutgoingHttp;
}

function dialect(service: ServiceName, audiences: readonly string[], error: ErrorBody, codes: { unauthenticated: string; badRequest: string; notFound: string; methodNotAllowed: string }): Dialect {
    return {
        service, audiences, error,
        unauthenticated: (reason) => error(401, codes.unauthenticated, reason),
        badRequest: (reason) => error(400, codes.badRequest, reason),
        notFound: (req, path) => error(404, codes.notFound, `No ${req.method} ${path} here.`),
        methodNotAllowed: (req, path) => error(405, codes.methodNotAllowed, `${req.method} is not supported on ${path}.`),
    };
}

export const PARTNER_CENTER = dialect('partner-center', SERVICE_AUDIENCES.partnerCenter, partnerCenterError,
    { unauthenticated: 'unauthenticated', badRequest: 'invalid-request', notFound: 'not-found', methodNotAllowed: 'method-not-allowed' });

export const ARM = dialect('arm', SERVICE_AUDIENCES.arm, armError,
    { unauthenticated: 'InvalidAuthenticationToken', badRequest: 'InvalidRequestContent', notFound: 'NotFound', methodNotAllowed: 'MethodNotAllowed' });

/** Graph dates its errors: on `now`, the simulator's clock. */
export const graphDialect = (now: () => number): Dialect => dialect('graph', SERVICE_AUDIENCES.graph, graphError(now),
    { unauthenticated: 'InvalidAuthenticationToken', badRequest: 'BadRequest', notFound: 'Request_ResourceNotFound', methodNotAllowed: 'Request_BadRequest' });

/** The credits service is modelled on Partner Center (Microsoft publishes no partner API for it). */
export const CREDITS = dialect('credits', SERVICE_AUDIENCES.partnerCenter, partnerCenterError,
    { unauthenticated: 'unauthenticated', badRequest: 'invalid-request', notFound: 'not-found', methodNotAllowed: 'method-not-allowed' });

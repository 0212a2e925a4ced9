// What every lifecycle run is started with, however it was asked for (HTTP
// or Service Bus). Timing comes from settings now, into the input, so replays
// see the values the run started with.
import type { Caller } from '../domain/partner';
import type { ServiceType } from '../domain/subscription';
import type { RunInput } from './enablement';
import { enablementTiming } from './timing';

export function runInput(customerTenantId: string, service: ServiceType, requestedBy: Caller, viewers: string[]): RunInput {
    return { customerTenantId, service, requestedBy, requestedAt: new Date().toISOString(), timing: enablementTiming(process.env), viewers };
}

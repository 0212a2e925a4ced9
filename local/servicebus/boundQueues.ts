// The queues the app's bindings name (Service Bus triggers and output
// bindings): in Azure they exist before the app runs, so they are known here
// from the start.
import { RegisteredFunction } from '../worker/types';

export function boundQueueNames(functions: RegisteredFunction[]): string[] {
    const names = functions
        .flatMap((fn) => Object.values(fn.metadata.bindings))
        .filter((b) => b.type === 'serviceBusTrigger' || b.type === 'serviceBus')
        .map((b) => b.queueName)
        .filter((name): name is string => typeof name === 'string' && name !== '');
    return [...new Set(names)];
}

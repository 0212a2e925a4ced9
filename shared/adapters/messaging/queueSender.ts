// Port: putting messages on a queue (Service Bus in Azure, the embedded queue
// of the local host otherwise).
import type { ServiceBusMessage } from '@azure/service-bus';

export type OutgoingMessage = Pick<ServiceBusMessage, 'body' | 'messageId' | 'contentType' | 'correlationId' | 'subject' | 'applicationProperties' | 'scheduledEnqueueTimeUtc'>;

export interface QueueSender {
    send(queue: string, messages: OutgoingMessage[]): Promise<void>;
    /** Resolves when the queue can be reached; rejects with the reason otherwise. */
    ready(queue: string): Promise<void>;
    close(): Promise<void>;
}

/** Queues the app sends to or is triggered by. */
export const QUEUES = {
    enablementRequests: 'overage-enablement-requests',
    /** Requests that can never succeed (invalid body or identity), kept with their reason. */
    rejectedEnablementRequests: 'overage-enablement-requests-rejected',
    handoverRequests: 'overage-handover-requests',
    rejectedHandoverRequests: 'overage-handover-requests-rejected',
    /** PSTN usage batches (report columns or Graph getPstnCalls rows), imported all-or-nothing. */
    usage: 'pstn-usage',
    /** Usage batches that can never be imported, kept with their reasons. */
    rejectedUsage: 'pstn-usage-rejected',
} as const;

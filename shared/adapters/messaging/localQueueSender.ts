// Local adapter: the embedded host's queue admin API (same process or not).
import { OutgoingMessage, QueueSender } from './queueSender';

export class LocalQueueSender implements QueueSender {
    constructor(private readonly baseUrl: string, private readonly key: string) {}

    async send(queue: string, messages: OutgoingMessage[]): Promise<void> {
        await this.call('POST', `${encodeURIComponent(queue)}/messages`, messages);
    }

    async ready(queue: string): Promise<void> {
        await this.call('GET', encodeURIComponent(queue));
    }

    async close(): Promise<void> {}

    private async call(method: string, path: string, body?: unknown): Promise<void> {
        const res = await fetch(`${this.baseUrl}/admin/queues/${path}`, {
            method, headers: { 'x-functions-key': this.key, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) throw new Error(`Local queue API answered ${res.status}: ${await res.text()}`);
    }
}

// Host admin endpoints for the embedded queues (master key required): send,
// inspect counts, list, resubmit and purge dead letters.
import { IncomingHttp, OutgoingHttp } from '../http/functionRoutes';
import { hostProblem as problem, json, Mount } from '../http/server';
import { EmbeddedQueues } from './embeddedQueues';

export function adminMount(queues: EmbeddedQueues, key: string): Mount {
    return {
        prefix: '/admin/',
        async handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp> {
            if ((req.headers['x-functions-key'] ?? req.url.searchParams.get('code')) !== key) {
                return problem(401, 'A valid host key is required (x-functions-key header).');
            }
            const [root, queue, sub, messageId, action] = subPath.split('/').filter(Boolean).map(decodeURIComponent);
            if (root !== 'queues') return problem(404, `No admin API at ${subPath}.`);
            if (!queue && req.method === 'GET') return json(200, queues.queueNames().map((name) => ({ name, ...queues.counts(name) })));
            if (queue && !sub && req.method === 'GET') return json(200, { name: queue, ...queues.counts(queue) });
            if (queue && sub === 'messages' && req.method === 'POST') {
                let body: unknown;
                try {
                    body = JSON.parse(req.body.toString('utf8'));
                } catch {
                    return problem(400, 'The body must be a JSON Service Bus message ({ body, applicationProperties?, ... }) or an array of them.');
                }
                const messages = (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown>>;
                if (messages.some((m) => !m || typeof m !== 'object' || !('body' in m))) return problem(400, 'Each message needs a "body".');
                const sequenceNumbers = await queues.send(queue, messages.map((m) => ({ ...m, scheduledEnqueueTimeUtc: m.scheduledEnqueueTimeUtc ? new Date(String(m.scheduledEnqueueTimeUtc)) : undefined }) as never));
                return json(201, { sequenceNumbers });
            }
            if (queue && sub === 'deadletters' && !messageId && req.method === 'GET') return json(200, queues.listDeadLetters(queue));
            if (queue && sub === 'deadletters' && !messageId && req.method === 'DELETE') return json(200, { purged: await queues.purgeDeadLetters(queue) });
            if (queue && sub === 'deadletters' && messageId && action === 'resubmit' && req.method === 'POST') {
                const seq = await queues.resubmitDeadLetter(queue, messageId);
                return seq === undefined ? problem(404, `No dead letter '${messageId}' in queue '${queue}'.`) : json(200, { sequenceNumber: seq });
            }
            return problem(404, `No admin API at ${req.method} ${subPath}.`);
        },
    };
}

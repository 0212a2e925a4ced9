// Host admin endpoints for the embedded queues (master key required): send,
// inspect counts, list, resubmit and purge dead letters. Queue names follow
// Service Bus rules (400 otherwise), and only queues the host knows exist (404).
import { parseJsonBody } from '../../shared/http/jsonBody';
import { hostProblem as problem, IncomingHttp, json, OutgoingHttp, RequestHead } from '../http/respond';
import { Mount } from '../http/server';
import { adminMessages } from './adminMessage';
import { EmbeddedQueues } from './embeddedQueues';
import { queueNameProblem } from './queueNames';

export function adminMount(queues: EmbeddedQueues, key: string): Mount {
    return {
        prefix: '/admin/',
        authorize(req: RequestHead): OutgoingHttp | undefined {
            if ((req.headers['x-functions-key'] ?? req.url.searchParams.get('code')) === key) return undefined;
            return problem(401, 'host-key-required', 'A valid host key is required (x-functions-key header).');
        },
        async handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp> {
            const [root, queue, sub, messageId, action] = subPath.split('/').filter(Boolean).map(decodeURIComponent);
            if (root !== 'queues') return problem(404, 'not-found', `No admin API at ${subPath}.`);
            if (!queue && req.method === 'GET') return json(200, queues.queueNames().filter((q) => queues.knows(q)).map((name) => ({ name, ...queues.counts(name) })));
            if (!queue) return notFound(req, subPath);
            const badName = queueNameProblem(queue);
            if (badName) return problem(400, 'invalid-queue-name', badName);
            if (!queues.knows(queue)) return problem(404, 'queue-not-found', `No queue '${queue}': no trigger or output binding names it and it holds no messages.`);
            if (!sub && req.method === 'GET') return json(200, { name: queue, ...queues.counts(queue) });
            if (sub === 'messages' && !messageId && req.method === 'POST') return send(queues, queue, req.body);
            if (sub === 'deadletters' && !messageId && req.method === 'GET') return json(200, queues.listDeadLetters(queue));
            if (sub === 'deadletters' && !messageId && req.method === 'DELETE') return json(200, { purged: await queues.purgeDeadLetters(queue) });
            if (sub === 'deadletters' && messageId && action === 'resubmit' && req.method === 'POST') {
                const seq = await queues.resubmitDeadLetter(queue, messageId);
                return seq === undefined ? problem(404, 'dead-letter-not-found', `No dead letter '${messageId}' in queue '${queue}'.`) : json(200, { sequenceNumber: seq });
            }
            return notFound(req, subPath);
        },
    };
}

async function send(queues: EmbeddedQueues, queue: string, body: Buffer): Promise<OutgoingHttp> {
    const parsed = parseJsonBody(body.toString('utf8'));
    if (!parsed.ok) return problem(400, 'invalid-json', `${parsed.detail} Send a JSON Service Bus message ({ body, applicationProperties?, ... }) or an array of them.`);
    const checked = adminMessages(parsed.value);
    if ('problem' in checked) return problem(400, 'invalid-message', checked.problem);
    return json(201, { sequenceNumbers: await queues.send(queue, checked.messages) });
}

function notFound(req: IncomingHttp, subPath: string): OutgoingHttp {
    return problem(404, 'not-found', `No admin API at ${req.method} ${subPath}.`);
}

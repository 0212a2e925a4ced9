// The admin API's queues section (/admin/queues/...): send, inspect counts,
// list, resubmit and purge dead letters. Queue names follow Service Bus rules
// (400 otherwise), and only queues the host knows exist (404).
import { parseJsonBody } from '../../shared/adapters/http/jsonBody';
import { AdminSection, adminNotFound } from '../http/adminMount';
import { hostProblem as problem, json, OutgoingHttp } from '../http/respond';
import { adminMessages } from './adminMessage';
import { EmbeddedQueues } from './embeddedQueues';
import { queueNameProblem } from './queueNames';

export function queueAdmin(queues: EmbeddedQueues): AdminSection {
    return async (req, [queue, sub, messageId, action], subPath) => {
        if (!queue && req.method === 'GET') return json(200, queues.queueNames().filter((q) => queues.knows(q)).map((name) => ({ name, ...queues.counts(name) })));
        if (!queue) return adminNotFound(req, subPath);
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
        return adminNotFound(req, subPath);
    };
}

async function send(queues: EmbeddedQueues, queue: string, body: Buffer): Promise<OutgoingHttp> {
    const parsed = parseJsonBody(body.toString('utf8'));
    if (!parsed.ok) return problem(400, 'invalid-json', `${parsed.detail} Send a JSON Service Bus message ({ body, applicationProperties?, ... }) or an array of them.`);
    const checked = adminMessages(parsed.value);
    if ('problem' in checked) return problem(400, 'invalid-message', checked.problem);
    return json(201, { sequenceNumbers: await queues.send(queue, checked.messages) });
}

// partnerHandover (rule 6): mail the three parties their personal links,
// collect their answers against the deadline, and once all three approved
// switch overage from A to B in order. The run holds the customer's lock for
// the service from request to end, so no enablement can interleave.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { HandoverInput } from '../../shared/core/handover/handoverSchemas';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import { faultOf } from '../../shared/core/faults/stepFault';
import { lifecycle } from '../lifecycle';
import type { RunProgress } from '../runProgress';
import { collectApprovals } from './collectApprovals';
import { HandoverDocument } from './handoverDocument';
import { switchOverage } from './switchOverage';

function* partnerHandover(ctx: OrchestrationContext, input: HandoverInput, progress: RunProgress): Generator<df.Task, Record<string, unknown>, unknown> {
    const { parties, request } = input;
    const doc = new HandoverDocument(ctx, input);
    try {
        yield* doc.save({});
        yield* progress.audit('request', 'ok', `${input.caller.upn} asks to move overage for ${request.service} from ${parties.currentPartner.name} to ${parties.newPartner.name}; answers are due by ${doc.state.expiresAt}.`);
        progress.status('invitations');
        yield* doc.mail('invite');
        const collected = yield* collectApprovals(ctx, progress, doc);
        if (collected !== 'agreed') {
            progress.status('done', { result: collected });
            return { result: collected };
        }
        return yield* switchOverage(ctx, progress, doc, input);
    } catch (err) {
        // the run fails (lifecycle records why); readers of the handover see it too
        const fault = faultOf(err);
        const after = doc.state.status === 'noneSet';
        yield* doc.end(after ? 'failed-after-none' : 'failed', fault.detail, fault.remedy);
        throw err;
    }
}

export const partnerHandoverOrchestrator = lifecycle((raw) => HandoverInput.parse(raw), partnerHandover);
df.app.orchestration(ORCHESTRATIONS.handover, partnerHandoverOrchestrator);

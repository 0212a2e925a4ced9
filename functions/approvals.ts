// GET|POST /api/approvals/{token}: the link a handover party gets by mail.
// The token is the caller's credential (signed, one party of one handover,
// expiring with it), so the route is anonymous. GET shows the request and its
// form; POST hands the party's answer to the handover's run. A link that is
// not valid or has expired changes nothing.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { approvalSigningKey, verifyApprovalToken } from '../shared/features/handover/approvalToken';
import type { Dependencies } from '../shared/adapters/dependencies';
import { faultOf } from '../shared/core/faults/stepFault';
import { answerHandover, lookUp } from './http/approvalAnswer';
import { readAnswer } from './http/approvalBody';
import { outcomePage, requestPage } from './http/approvalPage';
import { json, page, refuse, wantsHtml } from './http/approvalReply';
import { linkRefused } from './http/approvalRefusals';
import { outcomeSummary } from './http/approvalView';
import type { ApprovalOutcome, ApprovalView } from '../shared/features/api/apiSchemas';

export async function approvals(deps: Pick<Dependencies, 'stateStore' | 'env'>, req: HttpRequest, client: df.DurableClient, ctx: InvocationContext): Promise<HttpResponseInit> {
    const asHtml = wantsHtml(req);
    try {
        const check = await verifyApprovalToken(req.params.token ?? '', approvalSigningKey(deps.env));
        if (!check.ok) return refuse(asHtml, linkRefused(check));
        const link = { claims: check.claims, tokenId: check.tokenId };
        const store = deps.stateStore;

        if (req.method === 'GET') {
            const found = await lookUp(store, link);
            if ('refused' in found) return refuse(asHtml, found.refused);
            return asHtml ? page(200, requestPage(found.view, found.pending)) : json(200, { ...found.view, answerPending: found.pending } satisfies ApprovalView);
        }

        const read = await readAnswer(req);
        if ('refused' in read) return refuse(asHtml, read.refused);
        const answered = await answerHandover(store, client, link, read.answer);
        if ('refused' in answered) return refuse(asHtml, answered.refused);
        const { outcome } = answered;
        const status = outcome.state === 'recorded' ? 200 : 202;
        if (asHtml) return page(status, outcomePage(outcome));
        const { view } = outcome;
        return json(status, {
            state: outcome.state, ...outcomeSummary(outcome),
            handoverId: view.handoverId, party: view.party, decision: outcome.decision, recorded: view.decision,
            handover: { status: view.status, awaiting: view.awaiting, expiresAt: view.expiresAt },
        } satisfies ApprovalOutcome);
    } catch (err) {
        // the full error goes to the log only: no key, URL or stack reaches the party
        ctx.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
        const { code, detail, remedy } = faultOf(err);
        return refuse(asHtml, { status: 500, code, title: 'Something went wrong on our side', detail, remedy });
    }
}

export function registerApprovals(deps: Dependencies): void {
    df.app.client.http('approvals', { route: 'approvals/{token}', methods: ['GET', 'POST'], authLevel: 'anonymous', handler: (req, client, ctx) => approvals(deps, req, client, ctx) });
}

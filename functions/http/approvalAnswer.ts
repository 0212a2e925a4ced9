// A party's answer through its approval link: checked against the handover
// document, the link marked used (one answer per party, whichever of its
// links it uses), then raised on the handover's run, which alone records it.
// The caller is then told what the run made of it, if the run says so soon.
import { setTimeout as sleep } from 'node:timers/promises';
import * as df from 'durable-functions';
import { isoNow } from '../../shared/core/clock';
import type { HandoverParty } from '../../shared/core/domain/rules/handover';
import type { ApprovalClaims } from '../../shared/features/handover/approvalToken';
import { HANDOVER_SIGNAL, StoredHandover, HandoverSignal } from '../../shared/core/handover/handoverSchemas';
import { readHandover } from '../../shared/features/handover/handoverStore';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { durableStatus } from '../../shared/features/overage/runs';
import { StateConflictError } from '../../shared/adapters/state/stateErrors';
import type { StateStore, Stored } from '../../shared/adapters/state/stateStore';
import type { ApprovalAnswer } from '../../shared/core/handover/approvalAnswer';
import type { Refusal } from './approvalRefusals';
import { alreadyDecided, handoverClosed, handoverNotFound, linkUsed } from './approvalRefusals';
import { AnswerOutcome, approvalView, ApprovalView, partyContact } from './approvalView';

/** A verified link. */
export interface ApprovalLink {
    claims: ApprovalClaims;
    tokenId: string;
}

/** Container `overage-approval-tokens`: a link that was used (id = its token id, the party's slot). */
export interface UsedApprovalLink {
    id: string;
    handoverId: string;
    party: HandoverParty;
    decision: ApprovalAnswer['decision'];
    usedAt: string;
}

/** How long a POST waits for the run to show the answer before answering 202. */
export interface SettleTiming {
    waitMs: number;
    pollMs: number;
}
const SETTLE: SettleTiming = { waitMs: 5000, pollMs: 50 };

const ENDED = new Set<string>([df.OrchestrationRuntimeStatus.Completed, df.OrchestrationRuntimeStatus.Failed, df.OrchestrationRuntimeStatus.Terminated, df.OrchestrationRuntimeStatus.Canceled]);

/** GET: the handover as this party sees it; `pending` when its link was used but the run has not shown the answer yet. */
export async function lookUp(store: StateStore, { claims, tokenId }: ApprovalLink): Promise<{ view: ApprovalView; pending: boolean } | { refused: Refusal }> {
    const [record, used] = await Promise.all([
        readHandover(store, claims.customerTenantId, claims.handoverId),
        store.read<UsedApprovalLink>(CONTAINERS.approvalTokens, claims.customerTenantId, tokenId),
    ]);
    if (!record) return { refused: handoverNotFound() };
    const view = approvalView(record, claims.party);
    return { view, pending: !!used && view.decision === null };
}

/** POST: hands the answer to the run; changes nothing when it refuses. */
export async function answerHandover(
    store: StateStore, client: df.DurableClient, { claims, tokenId }: ApprovalLink, answer: ApprovalAnswer, timing: SettleTiming = SETTLE,
): Promise<{ outcome: AnswerOutcome } | { refused: Refusal }> {
    const { customerTenantId, handoverId, party } = claims;
    const record = await readHandover(store, customerTenantId, handoverId);
    if (!record) return { refused: handoverNotFound() };
    const view = approvalView(record, party);
    if (view.status !== 'awaiting-approvals') return { refused: handoverClosed(view) };
    if (view.decision) return { refused: alreadyDecided(view) };

    const signal = HandoverSignal.parse({
        kind: 'decision', party, decision: answer.decision, at: isoNow(), by: partyContact(record, party),
        ...(answer.reason ? { reason: answer.reason } : {}), handoverId,
    });
    let used: Stored<UsedApprovalLink>;
    try {
        used = await store.create<UsedApprovalLink>(CONTAINERS.approvalTokens, customerTenantId, { id: tokenId, handoverId, party, decision: answer.decision, usedAt: signal.at });
    } catch (err) {
        if (err instanceof StateConflictError) return { refused: linkUsed() };
        throw err;
    }
    try {
        // raiseEvent on an ended run succeeds silently (HTTP 410), so ask first
        if (await runEnded(client, handoverId)) {
            await release(store, used);
            return { refused: handoverClosed(view, true) };
        }
        await client.raiseEvent(handoverId, HANDOVER_SIGNAL, signal);
    } catch (err) {
        await release(store, used);
        if (isInstanceMissing(err)) return { refused: handoverClosed(view, true) };
        throw err;
    }
    return settle(store, claims, answer, timing);
}

/** Waits briefly for the run to record the answer (or to end), and says which. */
async function settle(store: StateStore, claims: ApprovalClaims, answer: ApprovalAnswer, timing: SettleTiming): Promise<{ outcome: AnswerOutcome } | { refused: Refusal }> {
    // eslint-disable-next-line no-restricted-properties -- a short wait is a duration: process time
    const deadline = Date.now() + timing.waitMs;
    let last: StoredHandover | undefined;
    for (;;) {
        last = (await readHandover(store, claims.customerTenantId, claims.handoverId)) ?? last;
        if (last) {
            const view = approvalView(last, claims.party);
            if (view.decision) return { outcome: { state: 'recorded', decision: answer.decision, view } };
            // it ended (expired, cancelled, declined by another) before it took this answer
            if (view.status !== 'awaiting-approvals') return { refused: handoverClosed(view) };
        }
        // eslint-disable-next-line no-restricted-properties -- a short wait is a duration: process time
        if (Date.now() >= deadline) break;
        await sleep(timing.pollMs);
    }
    if (!last) return { refused: handoverNotFound() };
    return { outcome: { state: 'received', decision: answer.decision, view: approvalView(last, claims.party) } };
}

/** The answer never reached the run: free the link again, so nothing changed. */
async function release(store: StateStore, used: Stored<UsedApprovalLink>): Promise<void> {
    await store.delete(CONTAINERS.approvalTokens, used.pk, used.id, { ifMatch: used.etag }).catch(() => undefined);
}

async function runEnded(client: df.DurableClient, instanceId: string): Promise<boolean> {
    const status = await durableStatus(client, instanceId);
    return !status || ENDED.has(status.runtimeStatus);
}

/** durable-functions says "not found" only in its messages (raiseEvent: No instance with ID; getStatus: HTTP 404). */
function isInstanceMissing(err: unknown): boolean {
    return err instanceof Error && /HTTP 404|No instance with ID/.test(err.message);
}

// Mails one kind of handover mail to the named parties (rule 6). Each mail is
// sent once per run, kind, round and party: a retried activity finds the note
// of a mail it already sent and skips that party. Invitations and reminders
// carry the party's own signed link, expiring with the handover.
import type { z } from 'zod';
import type { HandoverParty } from '../../shared/core/domain/rules/handover';
import { approvalLink, approvalSigningKey, signApprovalToken } from '../../shared/features/handover/approvalToken';
import { handoverMail } from '../../shared/features/handover/mails';
import type { Dependencies } from '../../shared/adapters/dependencies';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { StateConflictError } from '../../shared/adapters/state/stateErrors';
import { sendHandoverMail } from '../../shared/core/steps/handoverSteps';
import { implement } from '../implement';

type Input = z.output<typeof sendHandoverMail.input>;

const WITH_LINK: ReadonlySet<Input['kind']> = new Set(['invite', 'reminder']);

type Used = Pick<Dependencies, 'stateStore' | 'mailer' | 'clock' | 'env'>;

/** The activity's work, on the dependencies it is handed. */
export async function mailHandoverParties(input: Input, deps: Used): Promise<{ sent: HandoverParty[] }> {
    const { kind, handover, parties, round } = input;
    const sent: HandoverParty[] = [];
    for (const party of new Set(input.to)) {
        const id = `${handover.id}:${kind}:${round}:${party}`;
        if (await deps.stateStore.read(CONTAINERS.notifications, handover.customerTenantId, id)) continue;
        const link = WITH_LINK.has(kind) ? await linkFor(input, party, deps.env) : undefined;
        const to = parties[party].contact;
        const mail = handoverMail(kind, party, { handover, parties, link, note: input.note });
        await deps.mailer.send({ to, ...mail });
        try {
            await deps.stateStore.create(CONTAINERS.notifications, handover.customerTenantId, { id, handoverId: handover.id, kind, round, party, to, at: new Date(deps.clock.now()).toISOString() });
        } catch (err) {
            // a concurrent retry sent it too; its note stands
            if (!(err instanceof StateConflictError)) throw err;
        }
        sent.push(party);
    }
    return { sent };
}

async function linkFor({ handover, publicUrl }: Input, party: HandoverParty, env: Used['env']): Promise<string> {
    const token = await signApprovalToken({ handoverId: handover.id, customerTenantId: handover.customerTenantId, party, expiresAt: handover.state.expiresAt }, approvalSigningKey(env));
    return approvalLink(publicUrl, token);
}

export const sendHandoverMailActivity = implement(sendHandoverMail, mailHandoverParties);

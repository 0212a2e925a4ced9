// Mails one kind of handover mail to the named parties (rule 6). Each mail is
// sent once per run, kind, round and party: a retried activity finds the note
// of a mail it already sent and skips that party. Invitations and reminders
// carry the party's own signed link, expiring with the handover.
import type { z } from 'zod';
import { isoNow } from '../../shared/core/clock';
import type { HandoverParty } from '../../shared/core/domain/rules/handover';
import { approvalLink, approvalSigningKey, signApprovalToken } from '../../shared/features/handover/approvalToken';
import { handoverMail } from '../../shared/features/handover/mails';
import type { Mailer } from '../../shared/adapters/mail/mailers';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { getMailer, getStateStore } from '../../shared/adapters/runtime';
import { StateConflictError, type StateStore } from '../../shared/adapters/state/stateStores';
import { sendHandoverMail } from '../../shared/core/steps/handoverSteps';
import { implement } from '../implement';

type Input = z.output<typeof sendHandoverMail.input>;

const WITH_LINK: ReadonlySet<Input['kind']> = new Set(['invite', 'reminder']);

/** The activity's work, on the ports it is given (the activity passes the app's). */
export async function mailHandoverParties(input: Input, ports: { store: StateStore; mailer: Mailer }): Promise<{ sent: HandoverParty[] }> {
    const { kind, handover, parties, round } = input;
    const sent: HandoverParty[] = [];
    for (const party of new Set(input.to)) {
        const id = `${handover.id}:${kind}:${round}:${party}`;
        if (await ports.store.read(CONTAINERS.notifications, handover.customerTenantId, id)) continue;
        const link = WITH_LINK.has(kind) ? await linkFor(input, party) : undefined;
        const to = parties[party].contact;
        const mail = handoverMail(kind, party, { handover, parties, link, note: input.note });
        await ports.mailer.send({ to, ...mail });
        try {
            await ports.store.create(CONTAINERS.notifications, handover.customerTenantId, { id, handoverId: handover.id, kind, round, party, to, at: isoNow() });
        } catch (err) {
            // a concurrent retry sent it too; its note stands
            if (!(err instanceof StateConflictError)) throw err;
        }
        sent.push(party);
    }
    return { sent };
}

async function linkFor({ handover, publicUrl }: Input, party: HandoverParty): Promise<string> {
    const token = await signApprovalToken({ handoverId: handover.id, customerTenantId: handover.customerTenantId, party, expiresAt: handover.state.expiresAt }, approvalSigningKey());
    return approvalLink(publicUrl, token);
}

implement(sendHandoverMail, (input) => mailHandoverParties(input, { store: getStateStore(), mailer: getMailer() }));

// The handover's own durable steps (contracts only); the Partner Center and
// Azure steps are the enablement's (overageSteps.ts).
import { z } from 'zod';
import { HandoverParty } from '../domain/rules/handover';
import { HandoverMailKind, HandoverParties, StoredHandover } from '../handover/handoverSchemas';
import { step } from './step';

/** Writes the handover document unless a newer version is already stored (a late retry of an older write). */
export const saveHandover = step('saveHandover', StoredHandover, z.object({ saved: z.boolean() }));

/**
 * Mails one kind of handover mail to the named parties, once per run, kind and
 * party (a retried activity does not mail twice; `round` tells repeated mails
 * of one kind apart). Invitations and reminders carry the party's own signed link.
 */
export const sendHandoverMail = step('sendHandoverMail', z.object({
    kind: HandoverMailKind,
    to: z.array(HandoverParty).min(1),
    handover: StoredHandover,
    parties: HandoverParties,
    publicUrl: z.url(),
    round: z.number().int().min(0).default(0),
    /** Extra lines for this mail (blockers found, the remedy of a failed step). */
    note: z.string().optional(),
}), z.object({ sent: z.array(HandoverParty) }));

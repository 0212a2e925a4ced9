import { loadMailConfig } from './mailConfig';
import type { Mailer } from './mailer';
import { SmtpMailer } from './smtpMailer';

export * from './mailConfig';
export * from './mailer';
export * from './smtpMailer';

/** The mailer the environment describes (see mailConfig.ts). */
export function createMailer(env: Record<string, string | undefined>): Mailer {
    return new SmtpMailer(loadMailConfig(env));
}

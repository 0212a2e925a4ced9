import { appCredential } from '../identity/appCredential';
import { credentialTokenProvider, TokenProvider } from '../identity/tokenProviders';
import { GraphMailer } from './graphMailer';
import { loadMailConfig } from './mailConfig';
import type { Mailer } from './mailer';
import { SmtpMailer } from './smtpMailer';

export * from './graphMailer';
export * from './mailConfig';
export * from './mailer';
export * from './smtpMailer';

export interface MailerDependencies {
    /** Tokens for Graph; default: the app's own identity (its user-assigned managed identity in Azure). */
    graphToken?: TokenProvider;
}

/** The mailer the environment describes (see mailConfig.ts). */
export function createMailer(env: Record<string, string | undefined>, deps: MailerDependencies = {}): Mailer {
    const settings = loadMailConfig(env);
    if (settings.transport === 'smtp') return new SmtpMailer(settings);
    return new GraphMailer({ baseUrl: settings.graphUrl, mailbox: settings.mailbox, token: deps.graphToken ?? credentialTokenProvider(appCredential(env)) });
}

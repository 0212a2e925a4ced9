// The preprovision hook's program (infra/hooks/preprovision.sh): prints
// `present` or `absent`, whether the azd environment's Key Vault holds the
// approval signing key (approvalKeyPresence.ts), asking Resource Manager as
// the account azd is signed in with. Exit code 1, with the reason on stderr,
// when it cannot tell.
import { AzureDeveloperCliCredential } from '@azure/identity';
import { ARM_SCOPE, ARM_URL } from '../../shared/adapters/billing/resourceManager';
import { approvalKeyPresence, ArmGet, deploymentTarget } from './approvalKeyPresence';

async function main(): Promise<void> {
    const target = deploymentTarget(process.env);
    const credential = new AzureDeveloperCliCredential({ tenantId: process.env.AZURE_TENANT_ID || undefined });
    const token = await credential.getToken(ARM_SCOPE);
    if (!token) throw new Error('azd gave no token for Resource Manager: run azd auth login');
    const get: ArmGet = async (path) => {
        const res = await fetch(`${ARM_URL}${path}`, { headers: { authorization: `Bearer ${token.token}` } });
        return { status: res.status, body: await res.json().catch(() => undefined) };
    };
    process.stdout.write(`${await approvalKeyPresence(get, target)}\n`);
}

main().catch((err: Error) => {
    process.stderr.write(`approval signing key: ${err.message}\n`);
    process.exit(1);
});

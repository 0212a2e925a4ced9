// The thin outbound token providers.
import type { TokenCredential } from '@azure/identity';
import { credentialTokenProvider } from '../../shared/adapters/identity/identity';

test('a credential\'s token is returned for the scope asked', async () => {
    const getToken = jest.fn(async (scope: string | string[]) => ({ token: `token-for-${String(scope)}`, expiresOnTimestamp: Date.now() + 60_000 }));
    const provider = credentialTokenProvider({ getToken } as TokenCredential);
    await expect(provider('https://management.azure.com/.default')).resolves.toBe('token-for-https://management.azure.com/.default');
});

test('a credential that issues nothing is an error naming the scope', async () => {
    const provider = credentialTokenProvider({ getToken: async () => null });
    await expect(provider('https://api.partnercenter.microsoft.com/.default')).rejects.toThrow('no token was issued for https://api.partnercenter.microsoft.com/.default');
});


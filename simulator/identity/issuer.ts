// The simulator's token issuer: what Entra ID is to the app in Azure. Its
// RS256 key pair is made once and kept in the simulator's store, so tokens
// handed out before a restart still verify after it; its key set is served
// like Entra's, so the app checks these tokens with its production verifier.
import type { SimulatorStore } from '../store/store';
import { APP_AUDIENCE } from './audiences';
import { jose, JSONWebKeySet, JWK } from './jose';

const TABLE = 'identity';
const SIGNING_KEY = 'signing-key';

type PrivateKey = Awaited<ReturnType<typeof jose.importJWK>>;

interface StoredKey {
    kid: string;
    privateJwk: JWK;
    publicJwk: JWK;
}

/** Who a token names. Roles are free text, so tests can mint tokens the app must refuse. */
export interface TokenSubject {
    partnerId: string;
    upn: string;
    roles: readonly string[];
}

export interface MintOptions {
    /** Negative values mint an already expired token. */
    ttlSeconds?: number;
    audience?: string;
}

export class SimulatorIdentity {
    private key?: { kid: string; publicJwk: JWK; privateKey: PrivateKey };

    constructor(
        private readonly store: SimulatorStore,
        private readonly options: { issuer: string },
    ) {}

    /** Loads the key pair, making and storing it on first use. */
    async init(): Promise<void> {
        let stored = this.store.get<StoredKey>(TABLE, SIGNING_KEY);
        if (!stored) {
            stored = await generateKey();
            await this.store.commit([{ table: TABLE, key: SIGNING_KEY, value: stored }]);
        }
        this.key = { kid: stored.kid, publicJwk: stored.publicJwk, privateKey: await jose.importJWK(stored.privateJwk, 'RS256') };
    }

    get issuer(): string {
        return this.options.issuer;
    }

    /** The public key set, as served at `<issuer>/.well-known/jwks.json`. */
    jwks(): JSONWebKeySet {
        return { keys: [{ ...this.ready().publicJwk }] };
    }

    async mint(subject: TokenSubject, options: MintOptions = {}): Promise<string> {
        const { ttlSeconds = 3600, audience = APP_AUDIENCE } = options;
        const { kid, privateKey } = this.ready();
        const now = Math.floor(Date.now() / 1000);
        return new jose.SignJWT({ upn: subject.upn, partnerId: subject.partnerId, roles: [...subject.roles] })
            .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
            .setIssuer(this.options.issuer)
            .setAudience(audience)
            .setSubject(subject.upn)
            .setIssuedAt(now)
            .setExpirationTime(now + ttlSeconds)
            .sign(privateKey);
    }

    private ready(): NonNullable<SimulatorIdentity['key']> {
        if (!this.key) throw new Error('SimulatorIdentity used before init()');
        return this.key;
    }
}

async function generateKey(): Promise<StoredKey> {
    const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    const publicJwk = await jose.exportJWK(publicKey);
    // the key's thumbprint as its id: stable, and what verifiers pick it from the set by
    const kid = await jose.calculateJwkThumbprint(publicJwk);
    return { kid, privateJwk: await jose.exportJWK(privateKey), publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
}

// Production adapter of the state port on Azure Cosmos DB (NoSQL API).
// With an account key (the local emulator) the database and each container are
// created on first use, partitioned on /pk. With an Entra credential (Azure)
// they must exist: data-plane roles may read and write items, not create
// containers, so infra/ provisions every one listed in containers.ts.
import type { TokenCredential } from '@azure/identity';
import type { Agent } from 'node:https';
import { Container, CosmosClient, Database, ItemDefinition, RequestOptions, SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import type { ConnectionPolicy } from '@azure/cosmos';
import { PARTITION_KEY_PATH } from './containers';
import { DocumentRef, StateConflictError, StateNotFoundError, StatePreconditionFailedError } from './stateErrors';
import { assertName, planQuery, StateQuery, StateStore, Stored, stripSystemFields, toBody, WriteOptions } from './stateStore';

export interface CosmosStateStoreOptions {
    endpoint: string;
    /** Who the app is to Cosmos: the account key (emulator) or an Entra credential (Azure, keys disabled). */
    auth: { key: string } | { credential: TokenCredential };
    databaseId: string;
    /** For the local emulator: an agent that accepts its self-signed certificate. */
    agent?: Agent;
    /** For the local emulator: e.g. `{ enableEndpointDiscovery: false }`. */
    connectionPolicy?: ConnectionPolicy;
}


const ERRORS = { 404: StateNotFoundError, 409: StateConflictError, 412: StatePreconditionFailedError } as const;

export class CosmosStateStore implements StateStore {
    private readonly client: CosmosClient;
    private readonly databaseId: string;
    private database?: Promise<Database>;
    private readonly containers = new Map<string, Promise<Container>>();
    private readonly provisions: boolean;

    constructor(opts: CosmosStateStoreOptions) {
        const auth = 'key' in opts.auth ? { key: opts.auth.key } : { aadCredentials: opts.auth.credential };
        this.client = new CosmosClient({ endpoint: opts.endpoint, ...auth, agent: opts.agent, connectionPolicy: opts.connectionPolicy });
        this.databaseId = opts.databaseId;
        this.provisions = 'key' in opts.auth;
    }

    async create<T extends { id: string }>(container: string, partitionKey: string, doc: T): Promise<Stored<T>> {
        const body = toBody(partitionKey, doc);
        const items = (await this.container(container)).items;
        return fromCosmos(await mapErrors({ container, partitionKey, id: body.id }, () => items.create(body)));
    }

    async read<T extends { id: string }>(container: string, partitionKey: string, id: string): Promise<Stored<T> | undefined> {
        const item = (await this.container(container)).item(id, partitionKey);
        // the SDK reports a missing item as an empty 404 response, not an error
        const { resource } = await item.read();
        return resource && fromCosmos({ resource });
    }

    async replace<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        const body = toBody(partitionKey, doc);
        const item = (await this.container(container)).item(body.id, partitionKey);
        return fromCosmos(await mapErrors({ container, partitionKey, id: body.id }, () => item.replace(body, conditions(opts))));
    }

    async upsert<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        const body = toBody(partitionKey, doc);
        const items = (await this.container(container)).items;
        return fromCosmos(await mapErrors({ container, partitionKey, id: body.id }, () => items.upsert(body, conditions(opts))));
    }

    async delete(container: string, partitionKey: string, id: string, opts?: WriteOptions): Promise<void> {
        const item = (await this.container(container)).item(id, partitionKey);
        await mapErrors({ container, partitionKey, id }, () => item.delete(conditions(opts)));
    }

    async query<T extends { id: string }>(container: string, query?: StateQuery): Promise<Array<Stored<T>>> {
        const spec = toSql(query);
        const items = (await this.container(container)).items;
        // the option routes to one partition; the SQL repeats it as c["pk"] because cosmosdb-server ignores the option
        const { resources } = await items.query<ItemDefinition>(spec, { partitionKey: query?.partitionKey }).fetchAll();
        return resources.map((resource) => fromCosmos<T>({ resource }));
    }

    async ping(): Promise<void> {
        await (await this.db()).read();
    }

    async close(): Promise<void> {
        this.client.dispose();
    }

    private db(): Promise<Database> {
        if (!this.provisions) return (this.database ??= Promise.resolve(this.client.database(this.databaseId)));
        this.database ??= retryable(
            this.client.databases.createIfNotExists({ id: this.databaseId }).then((r) => r.database),
            () => (this.database = undefined),
        );
        return this.database;
    }

    private container(name: string): Promise<Container> {
        assertName('container', name);
        let container = this.containers.get(name);
        if (!container) {
            container = retryable(this.createContainer(name), () => this.containers.delete(name));
            this.containers.set(name, container);
        }
        return container;
    }

    private async createContainer(name: string): Promise<Container> {
        const db = await this.db();
        if (!this.provisions) return db.container(name);
        const { container, resource } = await db.containers.createIfNotExists({ id: name, partitionKey: { paths: [PARTITION_KEY_PATH] } });
        // createIfNotExists returns an existing container as is; a different key would misroute every write
        const paths = resource?.partitionKey?.paths;
        if (paths && paths[0] !== PARTITION_KEY_PATH) {
            throw new Error(`container ${name} is partitioned on ${paths.join(',')}, the state store needs ${PARTITION_KEY_PATH}`);
        }
        return container;
    }
}

/** Forgets a failed setup promise so the next call tries again instead of failing forever. */
function retryable<V>(setup: Promise<V>, forget: () => void): Promise<V> {
    setup.catch(forget);
    return setup;
}

function conditions(opts: WriteOptions | undefined): RequestOptions | undefined {
    return opts?.ifMatch ? { accessCondition: { type: 'IfMatch', condition: opts.ifMatch } } : undefined;
}

/** Turns the SDK's status-coded errors into the port's typed ones; anything else passes through. */
async function mapErrors<R>(ref: DocumentRef, call: () => Promise<R>): Promise<R> {
    try {
        return await call();
    } catch (err) {
        const status = (err as { code?: unknown }).code;
        const Mapped = ERRORS[status as keyof typeof ERRORS];
        if (Mapped) throw new Mapped(ref);
        throw err;
    }
}

function fromCosmos<T>({ resource }: { resource?: ItemDefinition }): Stored<T> {
    if (!resource) throw new Error('Cosmos returned no document');
    const { _etag, ...rest } = resource;
    return { ...stripSystemFields(rest), etag: _etag } as Stored<T>;
}

/** Parameterised SQL for a query; only validated field names are spliced in. */
function toSql(query: StateQuery | undefined): SqlQuerySpec {
    const { filters, contains, orderBy, limit } = planQuery(query);
    const parameters: SqlParameter[] = [];
    const param = (value: SqlParameter['value']): string => {
        parameters.push({ name: `@p${parameters.length}`, value });
        return parameters[parameters.length - 1].name;
    };
    const top = limit === undefined ? '' : ` TOP ${param(limit)}`;
    const conditions = [
        ...filters.map(([field, value]) => `c["${field}"] = ${param(value)}`),
        ...contains.map(([field, value]) => `ARRAY_CONTAINS(c["${field}"], ${param(value)})`),
    ];
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const order = orderBy ? ` ORDER BY c["${orderBy.field}"] ${orderBy.direction.toUpperCase()}` : '';
    return { query: `SELECT${top} * FROM c${where}${order}`, parameters };
}

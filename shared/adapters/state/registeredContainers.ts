// The state store the app uses: any store, limited to the registered
// containers. A name missing from CONTAINERS fails at the first write in the
// tests instead of in Azure, where such a container was never provisioned.
import { isKnownContainer } from './containers';
import type { StateQuery, StateStore, Stored, WriteOptions } from './stateStore';

export class RegisteredContainers implements StateStore {
    constructor(private readonly inner: StateStore) {}

    async create<T extends { id: string }>(container: string, partitionKey: string, doc: T): Promise<Stored<T>> {
        return this.inner.create(known(container), partitionKey, doc);
    }

    async read<T extends { id: string }>(container: string, partitionKey: string, id: string): Promise<Stored<T> | undefined> {
        return this.inner.read(known(container), partitionKey, id);
    }

    async replace<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        return this.inner.replace(known(container), partitionKey, doc, opts);
    }

    async upsert<T extends { id: string }>(container: string, partitionKey: string, doc: T, opts?: WriteOptions): Promise<Stored<T>> {
        return this.inner.upsert(known(container), partitionKey, doc, opts);
    }

    async delete(container: string, partitionKey: string, id: string, opts?: WriteOptions): Promise<void> {
        return this.inner.delete(known(container), partitionKey, id, opts);
    }

    async query<T extends { id: string }>(container: string, query?: StateQuery): Promise<Array<Stored<T>>> {
        return this.inner.query(known(container), query);
    }

    ping(): Promise<void> {
        return this.inner.ping();
    }

    close(): Promise<void> {
        return this.inner.close();
    }
}

function known(container: string): string {
    if (!isKnownContainer(container)) throw new Error(`container ${container} is not registered in shared/adapters/state/containers.ts (and so not provisioned in Azure)`);
    return container;
}

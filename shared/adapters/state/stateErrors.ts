// Typed failures of the state port. `status` mirrors the Cosmos/HTTP status so
// HTTP handlers can pass it through; `code` is the stable name callers match on.

/** Where a failed operation pointed. */
export interface DocumentRef {
    container: string;
    partitionKey: string;
    id: string;
}

export type StateErrorCode = 'state-conflict' | 'state-not-found' | 'state-precondition-failed';

export abstract class StateError extends Error {
    abstract readonly status: 404 | 409 | 412;
    abstract readonly code: StateErrorCode;

    constructor(
        message: string,
        readonly ref: DocumentRef,
    ) {
        super(`${message}: ${ref.container}/${ref.partitionKey}/${ref.id}`);
        this.name = new.target.name;
    }
}

/** Create of an id that already exists in that partition. */
export class StateConflictError extends StateError {
    readonly status = 409;
    readonly code = 'state-conflict';
    constructor(ref: DocumentRef) {
        super('document already exists', ref);
    }
}

/** Replace or delete of a document that does not exist. */
export class StateNotFoundError extends StateError {
    readonly status = 404;
    readonly code = 'state-not-found';
    constructor(ref: DocumentRef) {
        super('document not found', ref);
    }
}

/** `ifMatch` named an ETag the document no longer has: someone else wrote it first. */
export class StatePreconditionFailedError extends StateError {
    readonly status = 412;
    readonly code = 'state-precondition-failed';
    constructor(ref: DocumentRef) {
        super('document was changed by another writer', ref);
    }
}

// Conversions between plain values and RPC typed data, as the Functions host
// encodes binding values for the worker.
import { TypedData } from './types';

export function toTypedData(value: unknown): TypedData | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return { string: value };
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: value };
    return { json: JSON.stringify(value) };
}

/** The inverse, for values the worker returns (return value, output bindings). */
export function fromTypedData(data: TypedData | null | undefined): unknown {
    if (!data) return undefined;
    if (data.string !== undefined) return data.string;
    if (data.json !== undefined) return JSON.parse(data.json);
    if (data.bytes !== undefined) return Buffer.from(data.bytes);
    if (data.int !== undefined) return data.int;
    if (data.double !== undefined) return data.double;
    if (data.http !== undefined) return data.http;
    return undefined;
}

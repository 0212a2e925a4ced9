// jose 6 ships only ES modules. Node (>= 20.19) `require`s them natively, but
// jest's CommonJS module registry cannot load them without transforming
// node_modules. Loading through Node's own `require` works in both: in Azure it
// is a plain require; under jest it steps past the registry. Everything that
// uses jose imports it from here.
//
// Consequence: jose's objects (errors, keys) come from Node's realm, not jest's
// sandbox, so match its errors by `code`, never with `instanceof Error`.
import type * as Jose from 'jose';

const nodeModule = process.getBuiltinModule('node:module');

export const jose: typeof Jose = nodeModule.createRequire(__filename)('jose');
export type { JSONWebKeySet, JWK, JWTPayload } from 'jose';

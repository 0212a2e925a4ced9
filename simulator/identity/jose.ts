// jose 6 is published as ES modules only. Node (>= 20.19) can `require` them,
// but jest's CommonJS registry cannot without transforming node_modules, so
// jose is loaded through Node's own require, which works in both. Its objects
// then come from Node's realm: match its errors by `code`, not `instanceof`.
import type * as Jose from 'jose';

const nodeModule = process.getBuiltinModule('node:module');

export const jose: typeof Jose = nodeModule.createRequire(__filename)('jose');
export type { JSONWebKeySet, JWK, JWTPayload } from 'jose';

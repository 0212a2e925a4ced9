// Answers `require('@azure/functions-core')` the way the Node worker does.
// Must run before the app's first `app.*` call: @azure/functions remembers a
// failed lookup and would stay in "test mode" (registrations skipped).
import Module = require('node:module');
import * as coreModule from './coreModule';

const CORE = '@azure/functions-core';
let installed = false;

export function installCoreModule(): typeof coreModule {
    if (installed) return coreModule;
    installed = true;
    const original = Module.prototype.require;
    Module.prototype.require = new Proxy(original, {
        apply(target, thisArg, args: [string]) {
            return args[0] === CORE ? coreModule : Reflect.apply(target, thisArg, args);
        },
    }) as typeof original;
    return coreModule;
}

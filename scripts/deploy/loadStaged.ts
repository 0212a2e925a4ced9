// node dist/scripts/deploy/loadStaged.js <package folder>, started by
// loadCheck.ts in a process of its own with Azure's settings: loads the staged
// app as the Functions Node worker would, and prints (JSON) the functions it
// registered. The package sits inside the repository, whose node_modules
// (devDependencies included) Node would fall back to; Azure has none, so here
// a module found only outside the package is not found at all. An optional
// one (a require in a try) is then reported, a needed one fails the load.
import Module = require('node:module');
import * as path from 'node:path';
import { installCoreModule } from '../../local/worker/installCoreModule';
import { mainEntry } from './azurePackage';

interface ConsoleModule {
    VENDOR: Record<string, [string, string]>;
    packageFile(pkg: string, file: string): string;
    consoleRoot(from?: string): string | undefined;
}

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;

const out = path.resolve(process.argv[2]);
// the entry the Functions host loads: the package's own package.json "main"
const entry = path.join(out, mainEntry(out));
const functionsDir = path.dirname(entry);
// what the worker provides as '@azure/functions-core': no package does
const core = installCoreModule();

const notFound: string[] = [];
const internals = Module as unknown as { _resolveFilename: Resolve };
const resolve = internals._resolveFilename;
internals._resolveFilename = function (request, parent, ...rest) {
    const file = resolve.call(this, request, parent, ...rest);
    if (!path.isAbsolute(file) || file.startsWith(`${out}${path.sep}`)) return file; // built-in, or in the package
    notFound.push(`${request} (found only at ${file})`);
    throw Object.assign(new Error(`Cannot find module '${request}' in the package`), { code: 'MODULE_NOT_FOUND' });
};

require(entry);
// what the app reads from packages and folders when a browser asks (the console, Swagger UI)
const consoleModule = require(path.join(functionsDir, 'console.js')) as ConsoleModule;
for (const [pkg, file] of Object.values(consoleModule.VENDOR)) consoleModule.packageFile(pkg, file);
require.resolve('swagger-ui-dist/package.json', { paths: [functionsDir] });
const consoleRoot = consoleModule.consoleRoot(functionsDir);
if (!consoleRoot?.startsWith(`${out}${path.sep}`)) throw new Error(`the console's files are not in the package (found: ${consoleRoot})`);

process.stdout.write(JSON.stringify({ functions: [...core.registrations.functions.keys()], notFound }));
// the SDKs' clients may hold timers or sockets: this process has said all it had to
process.exit(0);

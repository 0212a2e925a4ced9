// Lint: typescript-eslint's recommended rules, plus the determinism guard for
// orchestrators (no I/O, clock, randomness or environment in orchestrations/),
// the app's one clock for what it records, and the boundary that keeps the
// simulator apart from the app, the layers of shared/, and adapters handed in.
import tseslint from 'typescript-eslint';

const orchestratorBans = {
    'no-restricted-globals': ['error',
        { name: 'fetch', message: 'Orchestrators do no I/O: call an activity.' },
        { name: 'setTimeout', message: 'Use context.df.createTimer.' },
        { name: 'setInterval', message: 'Use context.df.createTimer.' },
    ],
    'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use context.df.currentUtcDateTime.' },
        { object: 'Math', property: 'random', message: 'Use context.df.newGuid.' },
        { object: 'process', property: 'env', message: 'Orchestrators read no environment: pass it in the input.' },
    ],
    'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use context.df.currentUtcDateTime.' },
    ],
    'no-restricted-imports': ['error', {
        patterns: [
            { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process', 'crypto'], message: 'Orchestrators do no I/O: call an activity.' },
            { group: ['@azure/cosmos', '@azure/service-bus', '@azure/arm-*', '**/local/**'], message: 'Orchestrators do no I/O: call an activity.' },
            { group: ['**/shared/core/clock'], message: "Orchestrators read context.df.currentUtcDateTime, not the app's clock." },
            { group: ['**/shared/adapters/**', '**/shared/features/**'], message: 'Orchestrators import only the pure core (step contracts, schemas, rules): I/O is an activity\'s.' },
        ],
    }],
};

// The app records times, and compares them with recorded ones, on its clock
// (shared/core/clock.ts), which the local host can set: the machine's clock, read
// through a bare Date.now() or new Date(), would put a record on another day.
// A duration (a budget, a wait, a cache's lifetime) is no time of day and may
// keep process time: such a line says so in its disable comment.
const APP_CLOCK = "Read the app's clock (shared/core/clock.ts); a duration may use process time: disable this line saying so.";
const appClockRules = {
    'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: APP_CLOCK }],
    'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: APP_CLOCK }],
};

// The simulator stands for Microsoft's cloud: it must reach its answers on its
// own, or a rule the app misreads is misread twice and every end-to-end test
// still passes. It needs no host either: any web server can mount it.
const simulatorBoundary = {
    'no-restricted-imports': ['error', {
        patterns: [{
            group: ['**/shared', '**/shared/**', '**/functions', '**/functions/**', '**/orchestrations', '**/orchestrations/**', '**/activities', '**/activities/**'],
            message: "The simulator is an independent model of Microsoft's services: it imports nothing from the app (shared/, functions/, orchestrations/, activities/), so the end-to-end tests check the app against a second reading of the rules, not against itself.",
        }, {
            group: ['**/local', '**/local/**'],
            message: 'The simulator depends on no host: the local host mounts it (simulator/http/exchange.ts is the contract), not the other way round.',
        }],
    }],
};

// shared/ in three layers that import one way: features -> adapters -> core.
// The core is pure (domain, rules, step contracts, faults, the rating core):
// it reaches no outside system. Nothing in shared/ reaches up into the entry
// points, the orchestrators, the activities, the local host or the simulator.
const ABOVE_SHARED = {
    group: ['**/functions', '**/functions/**', '**/activities', '**/activities/**', '**/orchestrations', '**/orchestrations/**', '**/local', '**/local/**', '**/simulator', '**/simulator/**'],
    message: 'shared/ is imported by the entry points, orchestrators and activities, never the other way round: move what both need into shared/.',
};
const layer = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: [ABOVE_SHARED, ...patterns] }] });
const coreLayer = layer(
    { group: ['**/adapters', '**/adapters/**', '**/features', '**/features/**'], message: 'shared/core/ is the pure core: it imports nothing from adapters/ or features/ (hand it the values it needs).' },
    { group: ['@azure/*', 'durable-functions', 'nodemailer', 'lmdb', 'jose', 'csv-*', 'fs', 'node:fs', 'node:fs/*', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'child_process', 'node:child_process'], message: 'shared/core/ does no I/O: that is an adapter\'s job.' },
);
const adaptersLayer = layer({ group: ['**/features', '**/features/**'], message: 'shared/adapters/ talk to outside systems and import only the core: a feature composes adapters, not the other way round.' });
// Adapters are handed in (the Dependencies, built once in functions/index.ts):
// the entry points, activities and features import a port, never a module
// that builds an adapter, so each loads only what it uses.
const BUILDS_ADAPTERS = {
    group: ['**/adapters/appDependencies', '**/adapters/microsoftClientsFor', '**/state/stateStores', '**/messaging/queueSenders', '**/mail/mailers', '**/identity/appCredential'],
    message: 'Adapters are handed in (the Dependencies built once in functions/index.ts): take them as a parameter and import the port (state/stateStore, state/stateErrors, mail/mailer, messaging/queueSender, the types of microsoftClients), not a module that builds an adapter.',
};
const handedIn = { 'no-restricted-imports': ['error', { patterns: [BUILDS_ADAPTERS] }] };
const featuresLayer = layer(BUILDS_ADAPTERS);

export default tseslint.config(
    { ignores: ['dist/**', 'dist-azure/**', 'node_modules/**', 'coverage/**', '.data/**', 'test/apps/*.js'] },
    ...tseslint.configs.recommended,
    {
        rules: {
            '@typescript-eslint/no-explicit-any': 'off',
            '@typescript-eslint/no-require-imports': 'off',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
        },
    },
    { files: ['orchestrations/**/*.ts'], rules: orchestratorBans },
    { files: ['shared/**/*.ts', 'functions/**/*.ts', 'activities/**/*.ts'], rules: appClockRules },
    { files: ['simulator/**/*.ts'], rules: simulatorBoundary },
    { files: ['shared/core/**/*.ts'], rules: coreLayer },
    { files: ['shared/adapters/**/*.ts'], rules: adaptersLayer },
    { files: ['shared/features/**/*.ts'], rules: featuresLayer },
    // the settings check at start reads every adapter's settings schema
    { files: ['shared/features/config/**/*.ts'], rules: layer() },
    { files: ['functions/**/*.ts', 'activities/**/*.ts'], rules: handedIn },
    // the composition root: where the Dependencies are built
    { files: ['functions/index.ts'], rules: { 'no-restricted-imports': 'off' } },
    { files: ['**/*.js', '**/*.mjs'], languageOptions: { sourceType: 'commonjs' } },
);

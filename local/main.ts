// `npm start`: the embedded host on http://localhost:${PORT:-7071} with state in ${DATA_DIR:-.data}.
import * as path from 'node:path';
import { applyLocalSettings } from './config/hostJson';
import { LocalHost } from './host';
import { WorldFileError } from '../simulator/world';

async function main(): Promise<void> {
    applyLocalSettings(path.resolve('local.settings.json'));
    process.env.DATA_DIR ??= '.data';
    const port = Number(process.env.PORT ?? 7071);
    const host = await LocalHost.start({
        // APP_ENTRY runs another app on this host (samples, tests); default: this product's app
        appEntry: process.env.APP_ENTRY ? path.resolve(process.env.APP_ENTRY) : path.join(__dirname, '..', 'functions', 'index.js'),
        port,
        dataDir: path.resolve(process.env.DATA_DIR),
        simulator: { worldPath: process.env.SIMULATOR_WORLD },
    });
    let stopping = false;
    const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), level: 'info', message: `${signal}: stopping host` })}\n`);
        host.stop().then(() => process.exit(0), (err: Error) => {
            process.stderr.write(`${err.stack}\n`);
            process.exit(1);
        });
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: Error) => {
    // a bad world file says which file and fields; a stack trace would only hide that
    process.stderr.write(`Host failed to start: ${err instanceof WorldFileError ? err.message : (err.stack ?? err.message)}\n`);
    process.exit(1);
});

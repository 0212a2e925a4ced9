// `npm start`: the embedded host on http://localhost:${PORT:-7071} with state in ${DATA_DIR:-.data}.
// On a terminal it says where to go and then writes one readable line per
// request and run step; otherwise (or with LOG_FORMAT=json) JSON lines.
import * as path from 'node:path';
import { applyLocalSettings } from './config/hostJson';
import { LocalHost } from './host';
import { banner } from './log/banner';
import { textLog } from './log/textLog';
import { logFormat, paint, Paint, useColour } from './log/terminal';
import { WorldFileError } from '../simulator/world';

function startBanner(host: LocalHost, dataDir: string, p: Paint): string {
    return banner({
        url: host.url,
        functionCount: host.functionCount,
        links: [
            ['Console', host.functionUrl('console')],
            ['API docs', host.functionUrl('docs')],
            ['Mailbox', host.simulator ? `${host.url}/simulator/mailbox` : undefined],
            ['Health', host.functionUrl('health')],
        ],
        dataDir,
        key: process.env.DURABLE_SYSTEM_KEY ? 'configured' : 'generated',
    }, p);
}

async function main(): Promise<void> {
    applyLocalSettings(path.resolve('local.settings.json'));
    process.env.DATA_DIR ??= '.data';
    const text = logFormat(process.env, process.stdout) === 'text' ? paint(useColour(process.env, process.stdout)) : undefined;
    const log = text && textLog(text);
    const port = Number(process.env.PORT ?? 7071);
    const dataDir = path.resolve(process.env.DATA_DIR);
    const host = await LocalHost.start({
        // APP_ENTRY runs another app on this host (samples, tests); default: this product's app
        appEntry: process.env.APP_ENTRY ? path.resolve(process.env.APP_ENTRY) : path.join(__dirname, '..', 'functions', 'index.js'),
        port,
        dataDir,
        simulator: { worldPath: process.env.SIMULATOR_WORLD },
        ...log?.sinks,
    });
    if (text) log?.open(startBanner(host, dataDir, text));
    let stopping = false;
    const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        const message = `${signal}: stopping host`;
        process.stdout.write(text ? `${message}\n` : `${JSON.stringify({ ts: new Date().toISOString(), level: 'info', message })}\n`);
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

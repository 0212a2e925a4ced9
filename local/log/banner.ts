// What `npm start` says first on a terminal: where to go (the console, the
// API docs, the mailbox, health), where the state is, and how to get the
// operator key, without ever printing the key itself.
import type { Paint } from './terminal';

export interface BannerFacts {
    url: string;
    functionCount: number;
    /** The app's pages and the simulator's mailbox; an entry without a URL (not served by this app) is left out. */
    links: Array<[label: string, url: string | undefined]>;
    dataDir?: string;
    /** Where the operator key comes from. */
    key: 'configured' | 'generated';
}

export function banner(f: BannerFacts, p: Paint): string {
    const rows: Array<[string, string]> = f.links.filter((l): l is [string, string] => !!l[1]).map(([label, url]) => [label, p.cyan(url)]);
    rows.push(['Data', f.dataDir ?? '(in memory)']);
    rows.push(['Operator key', f.key === 'configured' ? 'DURABLE_SYSTEM_KEY, as you set it' : `${p.bold('npm run key')} prints it (x-functions-key)`]);
    const width = Math.max(...rows.map(([label]) => label.length));
    return [
        '',
        `${p.bold('Local host ready')} on ${p.cyan(f.url)} ${p.dim(`(${f.functionCount} functions)`)}`,
        ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
        p.dim('One line per request and run step follows; LOG_FORMAT=json for JSON lines. Ctrl+C stops.'),
        '',
    ].join('\n');
}

// autocannon 9 ships no typings: the small part of its API the benches use.
declare module 'autocannon' {
    import type { EventEmitter } from 'node:events';

    namespace autocannon {
        interface RawRequest {
            method?: string;
            path?: string;
            headers?: Record<string, string>;
            body?: string | Buffer;
            [key: string]: unknown;
        }

        interface Request {
            method?: string;
            path?: string;
            headers?: Record<string, string>;
            body?: string | Buffer;
            /** A function, or (always in worker mode) the path of a module whose module.exports is that function. */
            setupRequest?: string | ((req: RawRequest, context: Record<string, unknown>) => RawRequest | null | undefined | false);
            onResponse?: string | ((status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void);
        }

        interface Options {
            url: string | string[];
            connections?: number;
            /** Seconds. */
            duration?: number;
            amount?: number;
            /** Seconds to wait for a response. */
            timeout?: number;
            pipelining?: number;
            /** Worker threads that fire the requests (0/undefined: this thread). */
            workers?: number;
            method?: string;
            headers?: Record<string, string>;
            body?: string | Buffer;
            requests?: Request[];
            excludeErrorStats?: boolean;
            title?: string;
        }

        interface Histogram {
            average: number;
            mean: number;
            stddev: number;
            min: number;
            max: number;
            total: number;
            p0_001: number;
            p0_01: number;
            p0_1: number;
            p1: number;
            p2_5: number;
            p10: number;
            p25: number;
            p50: number;
            p75: number;
            p90: number;
            p97_5: number;
            p99: number;
            p99_9: number;
            p99_99: number;
            p99_999: number;
        }

        interface Result {
            title?: string;
            url: string;
            connections: number;
            duration: number;
            /** Response latencies, ms. */
            latency: Histogram;
            /** Responses per second, sampled each second. */
            requests: Histogram & { sent: number };
            throughput: Histogram;
            errors: number;
            timeouts: number;
            mismatches: number;
            non2xx: number;
            resets: number;
            '1xx': number;
            '2xx': number;
            '3xx': number;
            '4xx': number;
            '5xx': number;
            statusCodeStats: Record<string, { count: number }>;
            start: Date;
            finish: Date;
        }

        interface Instance extends EventEmitter, PromiseLike<Result> {
            stop(): void;
        }
    }

    function autocannon(opts: autocannon.Options): autocannon.Instance;
    export = autocannon;
}

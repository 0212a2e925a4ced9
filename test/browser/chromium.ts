// The browser the browser tests drive: its definition lives beside the
// screenshots script (bench/browser/chromium.ts), which runs outside jest and
// is built with the benchmarks; the tests and their global setup read it here.
export * from '../../bench/browser/chromium';

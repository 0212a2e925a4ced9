// The app's one clock (shared/core/clock.ts): whatever the local host or a test
// sets, else the system clock; never settable in Azure or under another host.
import { appClock, isoNow, setAppClock, systemClock } from '../../shared/core/clock';

const fixed = { now: () => Date.parse('2026-11-29T12:00:00Z') };
afterEach(() => setAppClock(systemClock));

test('the app reads the clock set, and the system clock once it is taken back', () => {
    setAppClock(fixed);
    expect(appClock.now()).toBe(Date.parse('2026-11-29T12:00:00Z'));
    expect(isoNow()).toBe('2026-11-29T12:00:00.000Z');
    expect(setAppClock(systemClock)).toBe(fixed);
    expect(Math.abs(appClock.now() - Date.now())).toBeLessThan(1000);
});

test('only the local host and tests may set it: in Azure it is refused, tests or not', () => {
    expect(() => setAppClock(fixed, { WEBSITE_SITE_NAME: 'telco-overage', JEST_WORKER_ID: '1', LOCAL_HOST_URL: 'http://localhost:7071' })).toThrow(/system clock in Azure/);
    expect(() => setAppClock(fixed, { APPSETTING_X: 'func start' })).toThrow(/outside the embedded local host/);
    expect(appClock.now()).not.toBe(fixed.now());
    setAppClock(fixed, { LOCAL_HOST_URL: 'http://localhost:7071' });
    expect(appClock.now()).toBe(fixed.now());
    setAppClock(fixed, { JEST_WORKER_ID: '3' });
    // the system clock can always be put back
    setAppClock(systemClock, { WEBSITE_SITE_NAME: 'telco-overage' });
    expect(appClock.now()).not.toBe(fixed.now());
});

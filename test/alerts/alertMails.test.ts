// The alerts' mails: the partner's names its thresholds and the figures; the
// customer admin's says in plain words what the figures mean and what to do,
// without the app's jargon (no threshold names, no API paths, no tenant id).
import type { AlertDoc } from '../../shared/features/alerts/alertStore';
import { customerAlertMail, partnerAlertMail } from '../../shared/features/alerts/alertMails';

const CUSTOMER = '10000000-0000-4000-8000-000000000007';
const alert = (threshold: AlertDoc['threshold'], value: string, limit: string, day: string | null = null): AlertDoc => ({
    id: `${CUSTOMER}:2031-03:${threshold}`, partnerId: '1001', customerTenantId: CUSTOMER, month: '2031-03', threshold, firedAt: '2031-03-15T03:10:00.000Z',
    figures: { value, limit, currency: 'EUR', day, forecastOverage: { expected: '512.40', low: '430.10', high: '601.90' }, asOf: '2031-03-14T17:00:00.000Z' },
    mailCustomerAdmin: true, evaluationId: 'e1',
});
const ALL = [alert('forecast-overage', '512.40', '400'), alert('pool-used', '83.3', '80'), alert('credits-run-out', '2031-03-22', 'month-end', '2031-03-22'), alert('day-overage', '61.20', '50', '2031-03-03')];

test('the partner\'s mail: one line per alert with the figure and the threshold it passed', () => {
    const m = partnerAlertMail('ops@contoso.example', 'Contoso', 'Lucerne Publishing', ALL);
    expect(m.to).toBe('ops@contoso.example');
    expect(m.subject).toBe('Lucerne Publishing: 4 overage alerts for 2031-03');
    for (const figure of ['512.40 EUR', '430.10 to 601.90', 'threshold of 400', '83.3%', 'threshold of 80%', '2031-03-22', '61.20 EUR', 'threshold of 50', CUSTOMER]) expect(m.text).toContain(figure);
});

test('the customer admin\'s mail: the figures in plain words, what to do, whom to ask, and none of the app\'s words', () => {
    const m = customerAlertMail('it@lucerne.example', 'Lucerne Publishing', 'Contoso', ALL);
    expect(m.subject).toBe('Lucerne Publishing: your Teams calling costs this month');
    for (const figure of ['about 512.40 EUR', 'between 430.10 and 601.90', '83.3% of the calling minutes', 'run out around 2031-03-22', 'On 2031-03-03', '61.20 EUR']) expect(m.text).toContain(figure);
    expect(m.text).toMatch(/What you can do/);
    expect(m.text).toMatch(/Questions about these figures go to Contoso/);
    expect(m.text).not.toMatch(/threshold|forecast-overage|pool-used|\/api\/|tenant|webhook/i);
});

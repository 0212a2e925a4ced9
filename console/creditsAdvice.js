// Credits advice for a customer still paying with Communications Credits
// (GET .../credits/advice): the proposal in words, the settings it proposes,
// and the months it was made from. A customer not on credits shows nothing:
// the advice has nothing to say to its partner.
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { customerUrl, ok } from './api.js';
import { dayText, moneyText } from './words.js';
import { Problem } from './problem.js';

const HEADLINE = {
    'auto-recharge': 'Keep credits, with these auto-recharge settings',
    'pay-as-you-go': 'Switch to pay-as-you-go overage',
    'not-enough-usage': 'Not enough usage for advice yet',
};

export function CreditsAdvice({ token, id }) {
    const [advice, setAdvice] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        ok(token, 'GET', customerUrl(id, '/credits/advice')).then((r) => setAdvice(r.body), setError);
    }, [id]);
    if (advice?.recommendation === 'not-on-credits') return null;
    if (!advice && !error) return null;
    const cur = advice?.currency;
    return html`
        <section class="card credits-advice" aria-labelledby="advice-h">
            <h2 id="advice-h">Credits advice</h2>
            <${Problem} error=${error} />
            ${advice && html`
                <p class="advice-headline"><strong>${HEADLINE[advice.recommendation] ?? advice.recommendation}</strong></p>
                <p class="advice-summary">${advice.summary}</p>
                ${advice.autoRecharge && html`<dl class="facts">
                    <dt>Recharge when below</dt><dd>${moneyText(advice.autoRecharge.threshold, cur)}</dd>
                    <dt>Recharge by</dt><dd>${moneyText(advice.autoRecharge.amount, cur)}</dd>
                </dl>`}
                ${advice.missing && html`<p>${advice.missing}</p>`}
                ${advice.monthsUsed.length > 0 && html`
                    <table class="data advice-months">
                        <caption>The months it used</caption>
                        <thead><tr><th scope="col">Month</th><th scope="col">Spend</th><th scope="col">Days with spend</th><th scope="col">Largest day</th></tr></thead>
                        <tbody>${advice.monthsUsed.map((m) => html`<tr key=${m.month}><th scope="row">${dayText(`${m.month}-01`, { monthYear: true })}</th><td>${moneyText(m.spend, cur)}</td><td>${m.daysWithSpend}</td><td>${moneyText(m.largestDay.amount, cur)} (${dayText(m.largestDay.date, { short: true })})</td></tr>`)}</tbody>
                    </table>`}
                ${advice.assumptions.length > 0 && html`
                    <details><summary>Assumptions</summary><ul>${advice.assumptions.map((a, i) => html`<li key=${i}>${a}</li>`)}</ul></details>`}`}
        </section>`;
}

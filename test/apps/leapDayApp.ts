// A timer whose next occurrence is usually further ahead than setTimeout can
// wait (every 29 February at midnight). Ordinary @azure/functions code.
import { app } from '@azure/functions';

export const runs: string[] = [];

app.timer('leapDay', { schedule: '0 0 0 29 2 *', handler: async () => { runs.push(new Date().toISOString()); } });

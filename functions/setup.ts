// HTTP streaming: a caller refused before its body is read (401) costs only what was read, not all it sent.
import { app } from '@azure/functions';

app.setup({ enableHttpStream: true });

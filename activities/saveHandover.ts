// The handover document, as its run changed it (see handoverStore.ts).
import { saveHandoverRecord } from '../shared/handover/handoverStore';
import { getStateStore } from '../shared/runtime';
import { saveHandover } from '../shared/workflow/handoverSteps';
import { implement } from './implement';

implement(saveHandover, async (record) => ({ saved: await saveHandoverRecord(getStateStore(), record) }));

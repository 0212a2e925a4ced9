// The handover document, as its run changed it (see handoverStore.ts).
import { saveHandoverRecord } from '../../shared/features/handover/handoverStore';
import { getStateStore } from '../../shared/adapters/runtime';
import { saveHandover } from '../../shared/core/steps/handoverSteps';
import { implement } from '../implement';

implement(saveHandover, async (record) => ({ saved: await saveHandoverRecord(getStateStore(), record) }));

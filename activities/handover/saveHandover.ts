// The handover document, as its run changed it (see handoverStore.ts).
import { storeHandover } from '../../shared/features/handover/handoverStore';
import { saveHandover } from '../../shared/core/steps/handoverSteps';
import { implement } from '../implement';

export const saveHandoverActivity = implement(saveHandover, async (record, { stateStore }) => ({ saved: await storeHandover(stateStore, record) }));

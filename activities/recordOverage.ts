// Step 9b: the final setting, recorded with its ETag (see recordSetting).
import { recordSetting } from '../shared/overage/recordSetting';
import { getStateStore } from '../shared/runtime';
import { recordOverage } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(recordOverage, (record) => recordSetting(getStateStore(), record));

// A run's place among its kind's steps, as the run resource reports it.
import { RUN_STEPS, runStepProgress } from '../../shared/core/overage/runSteps';

test('a step of its kind counts from one, out of all the kind\'s steps', () => {
    expect(runStepProgress('enable', 'verify-caller')).toEqual({ step: 1, of: RUN_STEPS.enable.length });
    expect(runStepProgress('enable', 'azure-subscription')).toEqual({ step: 6, of: 9 });
    expect(runStepProgress('disable', 'set-overage')).toEqual({ step: 3, of: 3 });
    expect(runStepProgress('handover', 'set-none')).toEqual({ step: 8, of: 9 });
});

test('no place before the first step, after the end, or for a step of another kind', () => {
    expect(runStepProgress('enable', 'starting')).toBeUndefined();
    expect(runStepProgress('enable', 'done')).toBeUndefined();
    expect(runStepProgress('disable', 'azure-subscription')).toBeUndefined();
    expect(runStepProgress('rate', 'preflight')).toBeUndefined();
});

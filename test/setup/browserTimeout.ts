// A browser suite drives a real Chromium against a host process: a step that
// takes a second on an idle machine takes many on one running other suites, so
// its tests get three minutes where the rest keep jest's one (jest.config.js).
const testPath: string = expect.getState().testPath ?? '';
if (/[\\/]test[\\/]browser[\\/]/.test(testPath)) jest.setTimeout(180_000);

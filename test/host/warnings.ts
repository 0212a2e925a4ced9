// Watching for Node's process warnings from a jest test (far-future timer tests).

export const YEAR_9999 = '9999-12-31T00:00:00.000Z';

/**
 * Node's warnings as they are printed. Jest gives each test file a copy of
 * `process`, so `process.on('warning')` here never hears Node's own warnings;
 * the real process prints them to the shared stderr, which is watched instead.
 */
export function watchWarnings(): { warnings: string[]; stop(): void } {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const write = process.stderr.write;
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(function (this: NodeJS.WriteStream, chunk: any, ...rest: any[]) {
        if (String(chunk).includes('TimeoutOverflowWarning')) warnings.push('TimeoutOverflowWarning');
        return write.call(this, chunk, ...rest);
    });
    return { warnings, stop: () => { spy.mockRestore(); process.off('warning', onWarning); } };
}

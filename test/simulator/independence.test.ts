// The simulator is a second, independent reading of Microsoft's rules: it
// loads nothing of the app, and needs no host (the lint rule checks each
// import; this follows every import, so an indirect path is caught too).
import { importGraph, sourcesUnder } from '../helpers/importGraph';

test.each(sourcesUnder('simulator'))('%s loads nothing of the app or the host, however indirectly', (file) => {
    expect([...importGraph(file).files].filter((f) => !f.startsWith('simulator/'))).toEqual([]);
});

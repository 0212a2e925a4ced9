// npm run package: what azd deploys (azure.yaml runs it before every package,
// deploy or up, and zips dist-azure/). Stages the built app with its
// production dependencies only, checks that it loads from there with Azure's
// settings, and prints its size (files and bytes, before azd zips it). Exit
// code 1 when it does not load; a warning when this machine's Node is not
// the major Azure runs.
import * as path from 'node:path';
import { AZURE_PACKAGE_DIR, azureNodeMajor, grouped, installProduction, nodeVersionWarning, packageSize, stage } from './deploy/azurePackage';
import { checkLoads } from './deploy/loadCheck';

function main(): void {
    const root = path.join(__dirname, '..', '..');
    const out = path.join(root, AZURE_PACKAGE_DIR);
    const warning = nodeVersionWarning(process.versions.node, azureNodeMajor(root));
    if (warning) process.stderr.write(`npm run package: warning: ${warning}\n`);
    stage(root, out);
    installProduction(out);
    const { functions, notFound } = checkLoads(out, root);
    const size = packageSize(out);
    process.stdout.write(`${AZURE_PACKAGE_DIR}/: ${functions.length} functions load from it alone with Azure's settings; `
        + `${grouped(size.files)} files, ${grouped(size.bytes)} bytes\n`);
    if (notFound.length > 0) process.stdout.write(`optional modules the app did without, as it will in Azure: ${notFound.join(', ')}\n`);
}

try {
    main();
} catch (err) {
    process.stderr.write(`npm run package: ${(err as Error).message}\n`);
    process.exit(1);
}

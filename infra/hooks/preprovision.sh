#!/bin/sh
# Before every `azd provision`: tell the deployment whether to create the
# approval signing key (CREATE_APPROVAL_SIGNING_KEY), which it does only when
# the Key Vault holds none yet. The key signs the approval links mailed to
# partners, so replacing it would void every link in flight.
#
# The deployment cannot tell by itself whether the secret exists, and reading
# the key back before deploying (azd's secretOrRandomPassword) took a Key Vault
# data role only the first deployer had, and in a fresh azd environment (CI, a
# colleague) it generated a new key over the old one. This asks Resource
# Manager instead: the secret's metadata, never its value, which any deployer
# may read. If it cannot tell, the provision stops.
#
# azd packages the app while it provisions (the prepackage hook, npm run
# package, builds dist/ then), so this hook leaves dist/ alone: it compiles
# the check by itself into a temp folder, with the project's TypeScript
# (npm ci), and runs it from there with the project's node_modules.
set -eu

tsc=node_modules/typescript/bin/tsc
if [ ! -f "$tsc" ]; then
  echo "approval signing key: no $tsc: run npm ci in the repository first" >&2
  exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node "$tsc" -p scripts/deploy/tsconfig.hook.json --outDir "$out"
presence=$(NODE_PATH="$PWD/node_modules" node "$out/scripts/deploy/approvalKeyPresenceCli.js")
case "$presence" in
  present) create=false ;;
  absent) create=true ;;
  *) echo "approval signing key: unexpected answer '$presence'" >&2; exit 1 ;;
esac
azd env set CREATE_APPROVAL_SIGNING_KEY "$create" -e "$AZURE_ENV_NAME"
echo "approval signing key: $presence in Key Vault, CREATE_APPROVAL_SIGNING_KEY=$create"

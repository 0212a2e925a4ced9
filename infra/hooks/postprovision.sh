#!/bin/sh
# After every `azd provision`: Microsoft Graph Mail.Send for the app's identity.
#
# The deployment does not grant it unless GRANT_MAIL_SEND=true. Granting an
# application permission takes an Entra admin, and granting it to an identity
# the same deployment created seconds earlier fails while Entra replicates
# that identity ("Not a valid reference update", msgraph-bicep-types #193).
# So it is a step of its own: this prints how to check it and how to grant it,
# with this environment's identity filled in, for an admin to run once. It
# never fails the provision for it.
#
# First, CREATE_APPROVAL_SIGNING_KEY goes back to false: the preprovision hook
# set it for this provision only, and a true left in the azd environment would
# have the next provision that does not ask first write a new key over the one
# in the vault, voiding every approval link in flight.
set -eu

if ! azd env set CREATE_APPROVAL_SIGNING_KEY false -e "$AZURE_ENV_NAME"; then
  echo "approval signing key: could not set CREATE_APPROVAL_SIGNING_KEY back to false: run azd env set CREATE_APPROVAL_SIGNING_KEY false -e $AZURE_ENV_NAME" >&2
  exit 1
fi

MAIL_SEND_ROLE=b633e1c5-b582-4048-a93e-9f11b44c7e96 # Microsoft Graph application permission Mail.Send (the same in every tenant)
GRAPH_APP=00000003-0000-0000-c000-000000000000     # Microsoft Graph's application id

if [ "${GRANT_MAIL_SEND:-false}" = "true" ]; then
  echo "Mail.Send: granted by the deployment (GRANT_MAIL_SEND=true)."
  exit 0
fi

principal="${AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID:-}"
if [ -z "$principal" ]; then
  echo "Mail.Send: the deployment's outputs are not in this environment (azd env refresh), so the grant cannot be printed."
  exit 0
fi

cat <<TEXT
Mail.Send: this deployment does not grant it (GRANT_MAIL_SEND=false), and unless
it is already granted, the app runs but every mail it sends fails. To check,
signed in with az login to tenant ${AZURE_TENANT_ID:-<AZURE_TENANT_ID>} (prints the assignment's id once granted, nothing before):

  az rest --method GET --url https://graph.microsoft.com/v1.0/servicePrincipals/$principal/appRoleAssignments --query "value[?appRoleId=='$MAIL_SEND_ROLE'].id" -o tsv

If it prints nothing, an Entra admin (Privileged Role Administrator, or a
principal with AppRoleAssignment.ReadWrite.All) grants it once, in the same tenant:

  graph=\$(az ad sp show --id $GRAPH_APP --query id -o tsv)
  body=\$(printf '{"principalId":"%s","resourceId":"%s","appRoleId":"%s"}' $principal "\$graph" $MAIL_SEND_ROLE)
  az rest --method POST --url https://graph.microsoft.com/v1.0/servicePrincipals/$principal/appRoleAssignments --headers Content-Type=application/json --body "\$body"

Then limit it to MAIL_SENDER in Exchange Online (README, Deploy to Azure). If the
mailbox is scoped with Exchange's RBAC for Applications instead, skip the grant
above: a Graph grant would widen that scope (infra/app/graph.bicep).
TEXT

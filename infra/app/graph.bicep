// Microsoft Graph Mail.Send (application permission) for the app's
// user-assigned identity: mail goes out as MAIL_SENDER through Graph.
//
// Why the Microsoft Graph Bicep extension and not a postprovision hook: it is
// how Microsoft's own Graph Bicep quickstarts grant app roles (msgraph-bicep-types,
// quickstart-templates/msi-as-a-fic-secretless: `appRoleAssignedTo` on the
// Microsoft Graph service principal, the role looked up by name). It is
// declarative and idempotent, runs in the same `azd provision`, and needs no
// az CLI, bash or PowerShell on the deployer's machine.
//
// Who can deploy it: granting an application permission needs an Entra admin
// (Privileged Role Administrator, or a principal with AppRoleAssignment.ReadWrite.All).
// Without that role, set GRANT_MAIL_SEND=false and have an admin run:
//   az rest --method POST --url https://graph.microsoft.com/v1.0/servicePrincipals/<identity principal id>/appRoleAssignments \
//     --body '{"principalId":"<identity principal id>","resourceId":"<Microsoft Graph service principal object id>","appRoleId":"b633e1c5-b582-4048-a93e-9f11b44c7e96"}'
//
// Restrict it: Mail.Send as an application permission may send as ANY mailbox
// of the tenant. Limit it to MAIL_SENDER in Exchange Online (not automated here):
//   New-ApplicationAccessPolicy -AppId <identity client id> -PolicyScopeGroupId <mail-enabled security group holding MAIL_SENDER> `
//     -AccessRight RestrictAccess -Description 'telco-overage: send only as MAIL_SENDER'
//   Test-ApplicationAccessPolicy -Identity <MAIL_SENDER> -AppId <identity client id>     # AccessCheckResult: Granted
//   Test-ApplicationAccessPolicy -Identity <another mailbox> -AppId <identity client id> # AccessCheckResult: Denied
// (Exchange's RBAC for Applications is the successor: New-ManagementRoleAssignment -App <identity>
// -Role 'Application Mail.Send' -CustomResourceScope <scope>; then deploy with GRANT_MAIL_SEND=false,
// since a Graph grant would add to it rather than be limited by it.)
extension microsoftGraphV1

@description('Object (principal) id of the app\'s user-assigned identity')
param principalId string

var microsoftGraphAppId = '00000003-0000-0000-c000-000000000000'

resource microsoftGraph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: microsoftGraphAppId
}

resource mailSend 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  appRoleId: filter(microsoftGraph.appRoles, role => role.value == 'Mail.Send')[0].id
  principalId: principalId
  resourceId: microsoftGraph.id
}

output appRoleId string = mailSend.appRoleId

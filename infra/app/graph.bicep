// Microsoft Graph Mail.Send (application permission) for the app's
// user-assigned identity: mail goes out as MAIL_SENDER through Graph.
//
// Deployed only with GRANT_MAIL_SEND=true (main.bicep), by an Entra admin
// (Privileged Role Administrator, or a principal with
// AppRoleAssignment.ReadWrite.All). By default the grant is a step of its own,
// after the deployment: infra/hooks/postprovision.sh prints the exact `az`
// commands for an admin, with the identity filled in. Two reasons: a deployer
// without that role cannot grant it, and the identity is created seconds
// earlier in the same deployment, so Entra may not have replicated it yet and
// the grant fails with "Not a valid reference update" (msgraph-bicep-types
// issue #193); `azd provision` run again then succeeds.
//
// With GRANT_MAIL_SEND=true this uses the Microsoft Graph Bicep extension, as
// Microsoft's Graph Bicep quickstarts grant app roles (msgraph-bicep-types,
// quickstart-templates/msi-as-a-fic-secretless: `appRoleAssignedTo` on the
// Microsoft Graph service principal, the role looked up by name).
//
// Restrict it: Mail.Send as an application permission may send as ANY mailbox
// of the tenant. Limit it to MAIL_SENDER in Exchange Online (not automated here):
//   New-ApplicationAccessPolicy -AppId <identity client id> -PolicyScopeGroupId <mail-enabled security group holding MAIL_SENDER> `
//     -AccessRight RestrictAccess -Description 'telco-overage: send only as MAIL_SENDER'
//   Test-ApplicationAccessPolicy -Identity <MAIL_SENDER> -AppId <identity client id>     # AccessCheckResult: Granted
//   Test-ApplicationAccessPolicy -Identity <another mailbox> -AppId <identity client id> # AccessCheckResult: Denied
// (Exchange's RBAC for Applications is the successor: New-ManagementRoleAssignment -App <identity>
// -Role 'Application Mail.Send' -CustomResourceScope <scope>; then keep GRANT_MAIL_SEND=false and skip
// the grant postprovision.sh prints, since a Graph grant would add to it rather than be limited by it.)
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

#!/usr/bin/env bash
# Saves what `federation adopt --from DIR` and `federation drift --from DIR` read: the output of read-only AWS CLI v2
# and Azure CLI (`az rest`) commands, exactly as they print it, one file per command (README: Adopting an existing
# federation). Runs in bash or zsh; needs `aws`, `az` and `node` on the PATH. Nothing is changed anywhere.
#
#   APP_ID=<application (client) id of the enterprise application> scripts/export-federation.sh DIR
#
# Optional: INSTANCE_ARN (when the region has several IAM Identity Center instances), OUS="r-ab12 ou-…" (drift of OU
# targets: the accounts below them), GROUP_DETAILS=0 (skip members, owners and PIM of the groups: enough unless groups
# are managed in the file). AWS: your usual profile and region (AWS_REGION = IAM Identity Center's region). Entra:
# `az login` as an identity with Graph read permissions (README: Required permissions).
set -eu
set -o pipefail
out=${1:?usage: APP_ID=<application client id> export-federation.sh DIR}
: "${APP_ID:?set APP_ID to the application (client) id of the enterprise application}"
graph=https://graph.microsoft.com/v1.0

# json FILE EXPRESSION [ARG]: the JavaScript EXPRESSION over `d` (each JSON document of FILE in turn; `a` is ARG),
# every resulting value on its own line.
json() {
  node -e '
    const [file, expr, a] = process.argv.slice(1);
    const text = require("fs").readFileSync(file, "utf8");
    const pick = new Function("d", "a", "return (" + expr + ");");
    const out = [];
    let i = 0;
    while (i < text.length) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (i >= text.length) break;
      const start = i;
      let depth = 0, inString = false;
      for (; i < text.length; i++) {
        const c = text[i];
        if (inString) { if (c === "\\") i++; else if (c === "\"") inString = false; }
        else if (c === "\"") inString = true;
        else if (c === "{" || c === "[") depth++;
        else if (c === "}" || c === "]") { depth--; if (depth === 0) { i++; break; } }
      }
      for (const v of [].concat(pick(JSON.parse(text.slice(start, i)), a))) if (v !== undefined && v !== null && v !== "") out.push(String(v));
    }
    if (out.length) process.stdout.write(out.join("\n") + "\n");
  ' "$@"
}

# not_found_is_empty FILE COMMAND...: the command's output, or {} when the service answers ResourceNotFoundException
# (no permissions boundary, no ABAC configuration).
not_found_is_empty() {
  local file=$1
  shift
  if ! "$@" > "$file" 2> "$file.err" < /dev/null; then
    if grep -q ResourceNotFoundException "$file.err"; then
      echo '{}' > "$file"
    else
      cat "$file.err" >&2
      rm -f "$file.err"
      return 1
    fi
  fi
  rm -f "$file.err"
}

# graph_pages URL: every page of a Graph list, one JSON document after another (each page but the last names the
# next one in @odata.nextLink).
graph_pages() {
  local url=$1 tmp
  tmp=$(mktemp)
  while [ -n "$url" ]; do
    az rest --method get --url "$url" --output json > "$tmp" < /dev/null
    cat "$tmp"
    echo
    url=$(json "$tmp" 'd["@odata.nextLink"]')
  done
  rm -f "$tmp"
}

# --- IAM Identity Center, the identity store, Organizations -----------------------------------------------------------
sso=$out/aws/sso-admin
mkdir -p "$sso/permission-sets" "$out/aws/identitystore" "$out/aws/organizations"
aws sso-admin list-instances --output json > "$sso/list-instances.json"
instance=${INSTANCE_ARN:-$(json "$sso/list-instances.json" 'd.Instances.length === 1 ? d.Instances[0].InstanceArn : undefined')}
if [ -z "$instance" ]; then
  echo "the region has several IAM Identity Center instances (or none): set INSTANCE_ARN" >&2
  exit 1
fi
store=$(json "$sso/list-instances.json" 'd.Instances.filter((i) => i.InstanceArn === a).map((i) => i.IdentityStoreId)' "$instance")

aws sso-admin list-permission-sets --instance-arn "$instance" --output json > "$sso/list-permission-sets.json"
json "$sso/list-permission-sets.json" 'd.PermissionSets' | while read -r ps; do
  dir=$sso/permission-sets/${ps##*/}
  mkdir -p "$dir/accounts"
  for op in describe-permission-set list-managed-policies-in-permission-set list-customer-managed-policy-references-in-permission-set \
    get-inline-policy-for-permission-set list-accounts-for-provisioned-permission-set; do
    aws sso-admin "$op" --instance-arn "$instance" --permission-set-arn "$ps" --output json > "$dir/$op.json" < /dev/null
  done
  not_found_is_empty "$dir/get-permissions-boundary-for-permission-set.json" \
    aws sso-admin get-permissions-boundary-for-permission-set --instance-arn "$instance" --permission-set-arn "$ps" --output json
  aws sso-admin list-tags-for-resource --instance-arn "$instance" --resource-arn "$ps" --output json > "$dir/list-tags-for-resource.json" < /dev/null
  json "$dir/list-accounts-for-provisioned-permission-set.json" 'd.AccountIds' | while read -r account; do
    mkdir -p "$dir/accounts/$account"
    aws sso-admin list-account-assignments --instance-arn "$instance" --account-id "$account" --permission-set-arn "$ps" --output json \
      > "$dir/accounts/$account/list-account-assignments.json" < /dev/null
  done
done
not_found_is_empty "$sso/describe-instance-access-control-attribute-configuration.json" \
  aws sso-admin describe-instance-access-control-attribute-configuration --instance-arn "$instance" --output json
aws identitystore list-groups --identity-store-id "$store" --output json > "$out/aws/identitystore/list-groups.json"
aws identitystore list-users --identity-store-id "$store" --output json > "$out/aws/identitystore/list-users.json"
aws organizations list-accounts --output json > "$out/aws/organizations/list-accounts.json"

# ou_tree PARENT: the accounts and OUs below an OU or root, recursively (only for OUS).
ou_tree() {
  local parent=$1
  local dir=$out/aws/organizations/parents/$parent
  mkdir -p "$dir"
  aws organizations list-accounts-for-parent --parent-id "$parent" --output json > "$dir/list-accounts-for-parent.json" < /dev/null
  aws organizations list-organizational-units-for-parent --parent-id "$parent" --output json > "$dir/list-organizational-units-for-parent.json" < /dev/null
  json "$dir/list-organizational-units-for-parent.json" 'd.OrganizationalUnits.map((o) => o.Id)' | while read -r child; do
    ou_tree "$child"
  done
}
for ou in ${OUS:+$(printf '%s\n' "$OUS" | tr ' ' '\n')}; do
  ou_tree "$ou"
done

# --- Entra ID (Microsoft Graph) ---------------------------------------------------------------------------------------
entra=$out/entra
mkdir -p "$entra/groups" "$entra/users" "$entra/synchronization-jobs"
graph_pages "$graph/organization?\$select=id" > "$entra/organization.json"
az rest --method get --url "$graph/servicePrincipals(appId='$APP_ID')" --output json > "$entra/service-principal.json"
az rest --method get --url "$graph/applications(appId='$APP_ID')" --output json > "$entra/application.json"
graph_pages "$graph/applications(appId='$APP_ID')/owners?\$select=id,userPrincipalName" > "$entra/application-owners.json"
sp=$(json "$entra/service-principal.json" 'd.id')
graph_pages "$graph/servicePrincipals/$sp/appRoleAssignedTo?\$top=999" > "$entra/app-role-assigned-to.json"

json "$entra/app-role-assigned-to.json" 'd.value.filter((x) => x.principalType === "Group").map((x) => x.principalId.toLowerCase())' | sort -u | while read -r group; do
  az rest --method get --url "$graph/groups/$group?\$select=id,displayName,description,securityEnabled,mailEnabled,groupTypes" --output json > "$entra/groups/$group.json" < /dev/null
  if [ "${GROUP_DETAILS:-1}" != 0 ]; then
    mkdir -p "$entra/groups/$group"
    graph_pages "$graph/groups/$group/members?\$select=id,userPrincipalName&\$top=999" > "$entra/groups/$group/members.json"
    graph_pages "$graph/groups/$group/owners?\$select=id,userPrincipalName&\$top=999" > "$entra/groups/$group/owners.json"
    graph_pages "$graph/identityGovernance/privilegedAccess/group/eligibilitySchedules?\$filter=groupId%20eq%20'$group'" > "$entra/groups/$group/eligibility-schedules.json"
    graph_pages "$graph/policies/roleManagementPolicyAssignments?\$filter=scopeId%20eq%20'$group'%20and%20scopeType%20eq%20'Group'%20and%20roleDefinitionId%20eq%20'member'&\$expand=policy(\$expand=rules)" \
      > "$entra/groups/$group/member-policy.json"
  fi
done
json "$entra/app-role-assigned-to.json" 'd.value.filter((x) => x.principalType === "User").map((x) => x.principalId.toLowerCase())' | sort -u | while read -r user; do
  az rest --method get --url "$graph/users/$user?\$select=id,userPrincipalName" --output json > "$entra/users/$user.json" < /dev/null
done
graph_pages "$graph/servicePrincipals/$sp/synchronization/jobs" > "$entra/synchronization-jobs.json"
json "$entra/synchronization-jobs.json" 'd.value.map((j) => j.id)' | while read -r job; do
  mkdir -p "$entra/synchronization-jobs/$job"
  az rest --method get --url "$graph/servicePrincipals/$sp/synchronization/jobs/$job/schema" --output json > "$entra/synchronization-jobs/$job/schema.json" < /dev/null
done
echo "saved to $out: federation adopt --from $out --app-id $APP_ID --out <file>" >&2

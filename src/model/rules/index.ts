/** All preflight rules, in the order their findings are easiest to read. Add a rule: one file, one line here. */
import { accessControlAttributes } from "./access-control-attributes";
import { accountIds } from "./account-ids";
import { assignmentReferences } from "./assignment-references";
import { assignmentShards } from "./assignment-shards";
import { cdktfMarkers } from "./cdktf-markers";
import { controlCharacters } from "./control-characters";
import { certificateEndDate } from "./certificate-end-date";
import { destroyOptIn } from "./destroy-opt-in";
import { existingGroupSettings } from "./existing-group-settings";
import { groupMembers } from "./group-members";
import { groupNames } from "./group-names";
import { groupUsage } from "./group-usage";
import { identityProvider } from "./identity-provider";
import { importsFile } from "./imports-file";
import { inlinePolicy } from "./inline-policy";
import { managementAccount } from "./management-account";
import { nameCharacters } from "./name-characters";
import { permissionSetDescription } from "./permission-set-description";
import { pimActivation } from "./pim-activation";
import { policyCount } from "./policy-count";
import { provisionOnDemandSize } from "./provision-on-demand-size";
import { reservedNames } from "./reserved-names";
import type { Rule } from "./rule";
import { serviceProviderUrls } from "./service-provider-urls";
import { sessionDuration } from "./session-duration";
import { signingCertificatesRule } from "./signing-certificates";
import { tagLimit } from "./tag-limit";
import { upnCharacters } from "./upn-characters";

export const rules: readonly Rule[] = [
  identityProvider,
  serviceProviderUrls,
  certificateEndDate,
  signingCertificatesRule,
  accessControlAttributes,
  groupNames,
  reservedNames,
  nameCharacters,
  controlCharacters,
  upnCharacters,
  existingGroupSettings,
  groupMembers,
  pimActivation,
  groupUsage,
  provisionOnDemandSize,
  sessionDuration,
  permissionSetDescription,
  policyCount,
  tagLimit,
  inlinePolicy,
  accountIds,
  assignmentReferences,
  assignmentShards,
  managementAccount,
  destroyOptIn,
  importsFile,
  cdktfMarkers,
];

export type { Finding, Rule, RuleContext } from "./rule";

/**
 * The shapes of every response adopt and drift read, as the AWS CLI / `az rest` print them (the SDKs return the same
 * field names). Checked strictly where a mix-up would go unnoticed: the top level of each output must be exactly
 * that command's (a `list-users` output saved as `list-groups.json` is refused, not read as "no groups"); items must
 * have the fields we use with the right types and may carry more (services add fields over time). Pure (zod).
 *
 * Sources: AWS CLI v2 / SDK v3 output members (@aws-sdk/client-sso-admin, -identitystore, -organizations
 * 3.1138.0 `models_0.d.ts`); Microsoft Graph v1.0 resource types (servicePrincipal, application, appRoleAssignment,
 * group, directoryObject, privilegedAccessGroupEligibilitySchedule, unifiedRoleManagementPolicyAssignment,
 * synchronizationJob, synchronizationSchema).
 */
import { z } from "zod";

const str = () => z.string();
const opt = <T extends z.ZodType>(t: T) => t.optional();
const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();

// --- AWS ---------------------------------------------------------------------------------------------------------

/**
 * One page of a paged AWS output: exactly `{ <list>: [...], NextToken? }` (the list may be absent when empty: the
 * services omit empty members and the CLI prints what they send).
 */
export const awsPage = (list: string, item: z.ZodType) => z.strictObject({ [list]: opt(z.array(item)), NextToken: opt(str()) });

export const awsItems = {
  Instances: z.looseObject({ InstanceArn: str(), IdentityStoreId: str(), Status: opt(str()) }),
  PermissionSets: str(),
  AttachedManagedPolicies: z.looseObject({ Arn: str(), Name: opt(str()) }),
  CustomerManagedPolicyReferences: z.looseObject({ Name: str(), Path: opt(str()) }),
  Tags: z.looseObject({ Key: str(), Value: str() }),
  AccountIds: str(),
  AccountAssignments: z.looseObject({
    AccountId: str(),
    PermissionSetArn: str(),
    PrincipalType: z.enum(["GROUP", "USER"]),
    PrincipalId: str(),
  }),
  Groups: z.looseObject({
    GroupId: str(),
    DisplayName: opt(str()),
    ExternalIds: opt(z.array(z.looseObject({ Issuer: str(), Id: str() }))),
  }),
  Users: z.looseObject({
    UserId: str(),
    UserName: opt(str()),
    ExternalIds: opt(z.array(z.looseObject({ Issuer: str(), Id: str() }))),
  }),
  Accounts: z.looseObject({ Id: str(), Name: opt(str()), Status: opt(str()), State: opt(str()) }),
  OrganizationalUnits: z.looseObject({ Id: str(), Name: opt(str()) }),
} as const satisfies Record<string, z.ZodType>;

export type AwsListKey = keyof typeof awsItems;

/** Single-object outputs, by operation. */
export const awsSingles = {
  "describe-permission-set": z.strictObject({
    PermissionSet: z.looseObject({
      Name: str(),
      PermissionSetArn: str(),
      Description: opt(str()),
      SessionDuration: opt(str()),
      RelayState: opt(str()),
    }),
  }),
  "get-inline-policy-for-permission-set": z.strictObject({ InlinePolicy: opt(str()) }),
  "get-permissions-boundary-for-permission-set": z.strictObject({
    PermissionsBoundary: opt(
      z.looseObject({
        ManagedPolicyArn: opt(str()),
        CustomerManagedPolicyReference: opt(z.looseObject({ Name: str(), Path: opt(str()) })),
      }),
    ),
  }),
  "describe-instance-access-control-attribute-configuration": z.strictObject({
    Status: opt(str()),
    StatusReason: opt(str()),
    InstanceAccessControlAttributeConfiguration: opt(
      z.looseObject({
        AccessControlAttributes: z.array(z.looseObject({ Key: str(), Value: z.looseObject({ Source: z.array(str()) }) })),
      }),
    ),
  }),
} as const satisfies Record<string, z.ZodType>;

export type AwsSingleOperation = keyof typeof awsSingles;

// --- Microsoft Graph ------------------------------------------------------------------------------------------------

/** One page of a Graph collection: `value` plus OData annotations (`@odata.context`, `@odata.nextLink`, …), nothing else. */
export const graphPage = z
  .looseObject({ value: z.array(z.unknown()), "@odata.nextLink": opt(str()) })
  .superRefine((page, ctx) => {
    for (const key of Object.keys(page)) {
      if (key !== "value" && !key.startsWith("@")) ctx.addIssue({ code: "custom", path: [key], message: `unexpected key ${JSON.stringify(key)} (a Graph list page has only "value" and @odata annotations)` });
    }
  });

const directoryObject = z.looseObject({ "@odata.type": opt(str()), id: str(), userPrincipalName: nullable(str()) });

export const graphItems = {
  organization: z.looseObject({ id: str() }),
  galleryServicePrincipals: z.looseObject({ id: str(), appId: str(), displayName: nullable(str()) }),
  directoryObject,
  appRoleAssignment: z.looseObject({
    id: str(),
    appRoleId: str(),
    principalId: str(),
    principalType: str(),
    principalDisplayName: nullable(str()),
  }),
  eligibilitySchedule: z.looseObject({
    id: str(),
    groupId: str(),
    principalId: str(),
    accessId: z.enum(["member", "owner"]),
    memberType: nullable(str()),
    scheduleInfo: z.looseObject({
      expiration: z.looseObject({
        type: z.enum(["noExpiration", "afterDateTime", "afterDuration", "notSpecified"]),
        endDateTime: nullable(str()),
        duration: nullable(str()),
      }),
    }),
  }),
  policyAssignment: z.looseObject({
    id: str(),
    policyId: str(),
    scopeId: str(),
    roleDefinitionId: str(),
    policy: z.looseObject({ id: str(), rules: z.array(z.looseObject({ id: str(), "@odata.type": opt(str()) })) }),
  }),
  synchronizationJob: z.looseObject({ id: str(), templateId: str(), schedule: nullable(z.looseObject({ state: nullable(str()) })) }),
} as const satisfies Record<string, z.ZodType>;

export const graphSingles = {
  servicePrincipal: z.looseObject({
    id: str(),
    appId: str(),
    displayName: str(),
    applicationTemplateId: nullable(str()),
    loginUrl: nullable(str()),
    notificationEmailAddresses: nullable(z.array(str())),
    preferredTokenSigningKeyThumbprint: nullable(str()),
    appRoles: nullable(
      z.array(z.looseObject({ id: str(), displayName: nullable(str()), value: nullable(str()), isEnabled: z.boolean(), allowedMemberTypes: z.array(str()) })),
    ),
    keyCredentials: nullable(
      z.array(
        z.looseObject({
          keyId: str(),
          customKeyIdentifier: nullable(str()),
          displayName: nullable(str()),
          endDateTime: str(),
          usage: nullable(str()),
          type: nullable(str()),
        }),
      ),
    ),
  }),
  application: z.looseObject({
    id: str(),
    appId: str(),
    displayName: str(),
    identifierUris: nullable(z.array(str())),
    web: nullable(z.looseObject({ redirectUris: nullable(z.array(str())) })),
  }),
  group: z.looseObject({
    id: str(),
    displayName: str(),
    description: nullable(str()),
    securityEnabled: nullable(z.boolean()),
    mailEnabled: nullable(z.boolean()),
    groupTypes: nullable(z.array(str())),
  }),
  user: z.looseObject({ id: str(), userPrincipalName: str() }),
  synchronizationSchema: z.looseObject({
    synchronizationRules: z.array(
      z.looseObject({
        id: str(),
        objectMappings: nullable(
          z.array(
            z.looseObject({
              sourceObjectName: nullable(str()),
              targetObjectName: nullable(str()),
              attributeMappings: nullable(
                z.array(
                  z.looseObject({
                    targetAttributeName: nullable(str()),
                    source: nullable(z.looseObject({ name: nullable(str()), expression: nullable(str()), type: nullable(str()) })),
                  }),
                ),
              ),
            }),
          ),
        ),
      }),
    ),
  }),
} as const satisfies Record<string, z.ZodType>;

/** The first problem zod found, as `at <path>: <message>` (paths in JSON notation: `PermissionSets[3]`). */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  let path = "";
  for (const seg of issue.path) path += typeof seg === "number" ? `[${seg}]` : path ? `.${String(seg)}` : String(seg);
  const what =
    issue.code === "unrecognized_keys"
      ? `unexpected key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`
      : issue.code === "invalid_type"
        ? `expected ${issue.expected}${(issue as { input?: unknown }).input === undefined ? " (missing)" : ""}`
        : issue.message;
  return path ? `at ${path}: ${what}` : what;
}

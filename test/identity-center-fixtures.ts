/**
 * Federation files for the expansion and identity-center tests, built from objects so a test can reorder or rename
 * one thing and compare. Everything not given comes from a small valid base.
 */
import { stringify } from "yaml";
import type { FederationModel } from "../src/model/model";
import { loadText, modelOf } from "./helpers";

export interface FileParts {
  readonly identityCenter?: Record<string, unknown>;
  readonly groups?: Record<string, unknown>;
  readonly permissionSets?: Record<string, unknown>;
  readonly accounts?: Record<string, unknown>;
  readonly assignments?: unknown[];
}

export const BASE_IDENTITY_CENTER = {
  region: "us-east-1",
  instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
  identityStoreId: "d-0123456789",
  serviceProvider: {
    acsUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000",
    issuerUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789",
    accessPortalUrl: "https://d-0123456789.awsapps.com/start",
  },
  scimSecret: "identity-federation/scim",
};

export const BASE_PERMISSION_SETS = {
  ViewOnlyAccess: { sessionDuration: "PT8H", managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] },
  AdministratorAccess: { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
};

export const BASE_ACCOUNTS = {
  management: { id: "111111111111" },
  prod: { id: "222222222222" },
  staging: { id: "333333333333" },
};

export function federationYaml(parts: FileParts): string {
  return stringify(
    {
      version: 1,
      entra: { tenantId: "00000000-0000-0000-0000-000000000000" },
      identityCenter: parts.identityCenter ?? BASE_IDENTITY_CENTER,
      groups: parts.groups ?? { readers: { description: "Readers" }, admins: { description: "Admins" } },
      permissionSets: parts.permissionSets ?? BASE_PERMISSION_SETS,
      accounts: parts.accounts ?? BASE_ACCOUNTS,
      assignments: parts.assignments ?? [],
    },
    { lineWidth: 0 },
  );
}

/** A valid model from parts (throws with the diagnostics otherwise). */
export function modelFrom(parts: FileParts): FederationModel {
  return modelOf(loadText(federationYaml(parts)));
}

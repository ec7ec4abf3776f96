/**
 * Federation files for the expansion and identity-center tests, built from objects so a test can reorder or rename
 * one thing and compare. Everything not given comes from a small valid base.
 */
import { stringify } from "yaml";
import { enterpriseFederation } from "../scripts/bench/enterprise";
import type { FederationModel } from "../src/model/model";
import { loadText, modelOf } from "./helpers";

export interface FileParts {
  readonly identityCenter?: Record<string, unknown>;
  readonly groups?: Record<string, unknown>;
  readonly permissionSets?: Record<string, unknown>;
  readonly accounts?: Record<string, unknown>;
  readonly assignments?: unknown[];
}

/** The benchmark's `identityCenter:` section (region, instance, identity store, service provider URLs, SCIM secret). */
export const BASE_IDENTITY_CENTER = enterpriseFederation({ accounts: 0, groups: 0, permissionSets: 0, targetGrants: 0, assignmentsPerGroup: 0, ouAssignments: 0 })
  .identityCenter as Readonly<Record<string, unknown>>;

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

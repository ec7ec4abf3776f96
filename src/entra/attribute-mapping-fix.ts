/**
 * The attribute-mapping fix AWS recommends for Entra → IAM Identity Center provisioning:
 * - SCIM `externalId` comes from the Entra `objectId` (the template maps `mailNickname`, which is neither unique nor
 *   stable; our identity-center stack resolves principals by externalId = objectId first);
 * - the mobile and fax phone mappings (`mobile`, `facsimileTelephoneNumber` → `phoneNumbers[type eq "mobile"/"fax"]`)
 *   are dropped: IAM Identity Center accepts one phone number, and a second one fails the user's provisioning.
 *
 * No azuread resource edits attribute mappings (azuread #1332, #1429), and Graph only replaces the job's schema as a
 * whole. So the job's current schema is read at plan time (`data msgraph_resource`, GET
 * `servicePrincipals/<id>/synchronization/jobs/<job>/schema`), transformed by a Terraform expression, and written back
 * (`msgraph_resource_action`, PUT). The transformation is idempotent: on its own output it changes nothing, so once
 * the fix is in place the next plan reads the fixed schema, computes the same body and shows no change; when someone
 * reverts a mapping in the portal, the next apply puts the fix back. Read-only properties of the response
 * (`@odata.*`, the server-maintained `version`) are not sent back.
 */
import type { ITerraformDependable } from "cdktf";
import type { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { Construct } from "constructs";
import { DataMsgraphResource } from "../msgraph/data-resource";
import type { MsgraphProvider } from "../msgraph/provider";
import { MsgraphResourceAction } from "../msgraph/resource-action";

export interface AttributeMappingFixProps {
  /** The synchronization job whose schema is fixed (its id: `/servicePrincipals/<object id>/synchronization/jobs/<job id>`). */
  readonly synchronizationJob: SynchronizationJob;
  /** The msgraph provider that reads and writes the schema. */
  readonly msgraphProvider: MsgraphProvider;
}

export class AttributeMappingFix extends Construct {
  /** The schema write, for dependencies (provision on demand should use the fixed mappings). */
  readonly schemaUpdate: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AttributeMappingFixProps) {
    super(scope, id);
    // Plain addresses, not cdktf tokens: a token after a `}` inside an expression is rendered as a nested `${…}`.
    const job = `${props.synchronizationJob.terraformResourceType}.${props.synchronizationJob.friendlyUniqueId}`;
    const jobUrl = `\${trimprefix(${job}.id, "/")}`;
    const current = new DataMsgraphResource(this, "schema", {
      provider: props.msgraphProvider,
      url: `${jobUrl}/schema`,
      responseExportValues: { all: "@" },
    });
    this.schemaUpdate = new MsgraphResourceAction(this, "schema-update", {
      provider: props.msgraphProvider,
      resourceUrl: jobUrl,
      action: "schema",
      method: "PUT",
      body: `\${${attributeMappingFixExpression(`data.${current.terraformResourceType}.${current.friendlyUniqueId}.output.all`)}}`,
    });
  }
}

/** Source of a mapping that takes the Entra object id. */
const OBJECT_ID_SOURCE = '{ expression = "[objectId]", name = "objectId", parameters = [], type = "Attribute" }';

/**
 * The schema transformation as a Terraform expression (without the surrounding `${}`), over `schema`, an expression
 * of a synchronizationSchema object. Missing parts (rules without object mappings, mappings without a source) are
 * left as they are; unknown properties pass through unchanged.
 */
export function attributeMappingFixExpression(schema: string): string {
  // `merge(x, [for k in [1] : {…} if cond]...)` sets a property only when cond holds: a conditional expression
  // (cond ? merge(x, {…}) : x) would need both branches to have the same object type, which Graph objects do not.
  const setIf = (obj: string, cond: string, props: string) => `merge(${obj}, [for k in [1] : ${props} if ${cond}]...)`;
  const target = (am: string) => `try(${am}.targetAttributeName, "")`;
  const isExternalId = (am: string) => `${target(am)} == "externalId"`;
  // By target only: a phone mapping pointed elsewhere on purpose (e.g. work ← mobile) is the one number and stays.
  const isExtraPhone = (am: string) => `can(regex("^phoneNumbers\\\\[type eq \\"(mobile|fax)\\"\\\\]", ${target(am)}))`;

  const attributeMapping = (am: string) => setIf(am, isExternalId(am), `{ source = ${OBJECT_ID_SOURCE} }`);
  const objectMapping = (om: string) =>
    setIf(
      om,
      `try(${om}.attributeMappings, null) != null`,
      `{ attributeMappings = [for am in ${om}.attributeMappings : ${attributeMapping("am")} if !${isExtraPhone("am")}] }`,
    );
  const rule = (r: string) =>
    setIf(r, `try(${r}.objectMappings, null) != null`, `{ objectMappings = [for om in ${r}.objectMappings : ${objectMapping("om")}] }`);

  return setIf(
    `{ for key, value in ${schema} : key => value if !startswith(key, "@odata") && key != "version" }`,
    `try(${schema}.synchronizationRules, null) != null`,
    `{ synchronizationRules = [for r in ${schema}.synchronizationRules : ${rule("r")}] }`,
  );
}

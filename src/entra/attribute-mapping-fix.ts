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
 * (`msgraph_resource_action`, PUT). Read-only properties of the response (`@odata.*`, the server-maintained `version`)
 * are not sent back. The transformation is idempotent: on its own output it changes nothing.
 *
 * Drift. `msgraph_resource_action` never reads Graph back (its Read keeps the state; microsoft/terraform-provider-msgraph
 * `internal/services/msgraph_resource_action.go`), and the body of a reverted schema rewrites to the same fixed body
 * the state already holds: on its own the action would plan no change after a portal revert. So the plan also compares
 * the schema it read with its rewrite (`in_sync`), records that in a `terraform_data` (built in, no API), and the action
 * is replaced whenever that record changes (`replace_triggered_by`):
 * - clean schema: in sync, nothing changes, no diff;
 * - reverted schema: out of sync → the record changes → the action is replaced → the fixed schema is PUT again;
 * - the plan right after that repair: in sync again → the record changes back → the action is replaced once more and
 *   PUTs the same fixed schema (no change in Entra); the plan after that is clean. (`msgraph_update_resource`, which
 *   does read back, PATCHes — Graph answers 404 for the schema — and from 0.2.0 on updates send only changed fields,
 *   which a PUT of the whole schema cannot take.)
 */
import { type ITerraformDependable, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import { DataMsgraphResource } from "../msgraph/data-resource";
import type { MsgraphProvider } from "../msgraph/provider";
import { MsgraphResourceAction } from "../msgraph/resource-action";
import { address } from "../terraform/address";
import { TerraformData } from "../terraform/terraform-data";

export interface AttributeMappingFixProps {
  /** Address of the synchronization job instance (`EntraSynchronization.jobAddress`); its id is `/servicePrincipals/<object id>/synchronization/jobs/<job id>`. */
  readonly jobAddress: string;
  /** The msgraph provider that reads and writes the schema. */
  readonly msgraphProvider: MsgraphProvider;
  /** A boolean Terraform expression (without `${}`, known at plan time): the resources exist only while it holds. @default - always */
  readonly when?: string;
}

export class AttributeMappingFix extends Construct {
  /** The schema write, for dependencies (the job starts after it; provision on demand uses the fixed mappings). */
  readonly schemaUpdate: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AttributeMappingFixProps) {
    super(scope, id);
    const count = props.when ? Token.asNumber(`\${${props.when} ? 1 : 0}`) : undefined;
    const index = count ? "[0]" : "";
    // Plain addresses, not cdktf tokens: a token after a `}` inside an expression is rendered as a nested `${…}`.
    const jobUrl = `\${trimprefix(${props.jobAddress}.id, "/")}`;
    const current = new DataMsgraphResource(this, "schema", {
      provider: props.msgraphProvider,
      url: `${jobUrl}/schema`,
      responseExportValues: { all: "@" },
      count,
    });
    const schema = `${address(current)}${index}.output.all`;
    const guarded = (expression: string, otherwise: string) => (props.when ? `${props.when} ? ${expression} : ${otherwise}` : expression);
    const fixed = new TerraformLocal(this, "fixed_schema", `\${${guarded(attributeMappingFixExpression(schema), "null")}}`);
    const inSync = new TerraformLocal(
      this,
      "schema_in_sync",
      `\${${guarded(`jsonencode(${withoutReadOnly(schema)}) == jsonencode(${address(fixed)})`, "true")}}`,
    );
    const drift = new TerraformData(this, "schema-drift", { count, input: { in_sync: `\${${address(inSync)}}` } });
    this.schemaUpdate = new MsgraphResourceAction(this, "schema-update", {
      provider: props.msgraphProvider,
      resourceUrl: jobUrl,
      action: "schema",
      method: "PUT",
      body: `\${${address(fixed)}}`,
      count,
      lifecycle: { replaceTriggeredBy: [`${address(drift)}${count ? "[count.index]" : ""}.output`] },
    });
  }
}

/** The schema without the read-only properties Graph returns (`@odata.*`, `version`). */
function withoutReadOnly(schema: string): string {
  return `{ for key, value in ${schema} : key => value if !startswith(key, "@odata") && key != "version" }`;
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
    withoutReadOnly(schema),
    `try(${schema}.synchronizationRules, null) != null`,
    `{ synchronizationRules = [for r in ${schema}.synchronizationRules : ${rule("r")}] }`,
  );
}

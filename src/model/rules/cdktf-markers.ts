/**
 * No text of the file contains one of CDKTF's own markers (`${TfToken[…]}`, `#{TfToken[…]}`, `&{TfToken[…]}`, or a
 * number that encodes a token): cdktf would replace it with one of its references during synthesis, so the text would
 * turn into another resource's attribute, or synthesis would stop. Terraform escaping cannot neutralize it
 * (src/terraform/text.ts, `cdktfMarker`). Every string and key is checked, inline policies read from files included.
 */
import type { PathSegment } from "../diagnostics";
import { messages } from "../messages";
import { cdktfMarker } from "../../terraform/text";
import { finding, type Finding, type Rule } from "./rule";

export const cdktfMarkers: Rule = {
  name: "cdktf-markers",
  check: ({ model }) => {
    const out: Finding[] = [];
    const walk = (value: unknown, path: PathSegment[]): void => {
      if (typeof value === "string") {
        const marker = cdktfMarker(value);
        if (marker !== undefined) out.push(finding(path, messages.cdktfMarker(value, marker)));
      } else if (Array.isArray(value)) {
        value.forEach((x, i) => walk(x, [...path, i]));
      } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
          const marker = cdktfMarker(k);
          if (marker !== undefined) out.push(finding([...path, k], messages.cdktfMarker(k, marker), true));
          walk(v, [...path, k]);
        }
      }
    };
    walk(model.spec, []);
    for (const [name, policy] of Object.entries(model.inlinePolicies)) {
      if (policy.source === "file") walk(policy.document, ["permissionSets", name, "inlinePolicy"]);
    }
    return out;
  },
};

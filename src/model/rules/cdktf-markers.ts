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
    // One path stack for the whole walk (a file has tens of thousands of strings; copies only for findings).
    const path: PathSegment[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === "string") {
        const marker = cdktfMarker(value);
        if (marker !== undefined) out.push(finding([...path], messages.cdktfMarker(value, marker)));
      } else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          walk(value[i]);
          path.pop();
        }
      } else if (value !== null && typeof value === "object") {
        for (const k of Object.keys(value)) {
          path.push(k);
          const marker = cdktfMarker(k);
          if (marker !== undefined) out.push(finding([...path], messages.cdktfMarker(k, marker), true));
          walk((value as Record<string, unknown>)[k]);
          path.pop();
        }
      }
    };
    walk(model.spec);
    for (const [name, policy] of Object.entries(model.inlinePolicies)) {
      if (policy.source !== "file") continue;
      path.push("permissionSets", name, "inlinePolicy");
      walk(policy.document);
      path.length = 0;
    }
    return out;
  },
};

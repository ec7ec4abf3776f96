/**
 * Plain-text Terraform addresses of elements in the same stack, for use inside hand-written `for` expressions.
 * cdktf tokens (`.fqn`) are cross-stack aware but cdktf 0.21 mis-tracks them inside expressions containing object
 * constructors (`{ … }`): a token after a closing brace gets wrapped in a second `${…}`, which is invalid. Within one
 * stack the plain address is exactly what the token would render.
 */
import { TerraformDataSource, TerraformLocal, type TerraformElement, Token } from "cdktf";

export function address(element: TerraformElement): string {
  if (element instanceof TerraformLocal) return `local.${element.friendlyUniqueId}`;
  const type = (element as unknown as { terraformResourceType: string }).terraformResourceType;
  return element instanceof TerraformDataSource ? `data.${type}.${element.friendlyUniqueId}` : `${type}.${element.friendlyUniqueId}`;
}

/**
 * A reference to embed inside a hand-written expression: a cdktf token (`.fqn`, a remote-state output) is returned
 * as is (cdktf renders it without braces there); a plain `${…}` string is unwrapped to its inner expression.
 */
export function embeddable(reference: string): string {
  if (Token.isUnresolved(reference)) return reference;
  const m = /^\$\{([\s\S]*)\}$/.exec(reference);
  return m ? m[1] : reference;
}

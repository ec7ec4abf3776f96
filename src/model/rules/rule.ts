/** The shape of a preflight rule: a pure function of the model, one file per rule (cdk-nag style). */
import type { PathSegment } from "../diagnostics";
import type { Message } from "../messages";
import type { FederationModel } from "../model";

export interface RuleContext {
  readonly model: FederationModel;
  /** "Today" for date rules; injected so tests are deterministic. */
  readonly now: Date;
}

export interface Finding {
  readonly path: readonly PathSegment[];
  readonly message: Message;
  /** Point at the mapping key rather than its value (names of groups, permission sets, …). */
  readonly atKey?: boolean;
}

export interface Rule {
  /** Kebab-case, the file's name. */
  readonly name: string;
  readonly check: (ctx: RuleContext) => Finding[];
}

export const finding = (path: readonly PathSegment[], message: Message, atKey = false): Finding => ({ path, message, atKey });

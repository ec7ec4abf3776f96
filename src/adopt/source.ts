/**
 * Where reads come from: live (the SDKs and Graph) or an export folder. Both answer the same requests
 * (src/adopt/requests.ts) with the pages the command prints, so src/adopt/read.ts checks and uses them in one code
 * path. A source throws `ReadError` for a request it cannot answer, with a message that says which and what to do.
 */
import type { AwsRequest, GraphRequest } from "./requests";

export interface Source {
  /** How to name the source in messages (`export ./exports`, `live (us-east-1)`). */
  readonly label: string;
  /**
   * The pages of an AWS output: one document for a single-object output; for a list, every page in order (the last
   * without `NextToken`). A `notFoundIsEmpty` request the API answers with ResourceNotFoundException is `[{}]`.
   */
  aws(request: AwsRequest): Promise<readonly unknown[]>;
  /** The pages of a Graph response: one object, or every page of a collection (the last without `@odata.nextLink`). */
  graph(request: GraphRequest): Promise<readonly unknown[]>;
}

/** A request that cannot be answered or whose answer is not what the command prints. */
export class ReadError extends Error {}

/** Several of them, one per problem (an export with three bad files gives three). */
export class ReadErrors extends Error {
  constructor(readonly errors: readonly ReadError[]) {
    super(errors.map((e) => e.message).join("\n"));
  }
}

/** Reports progress of long reads (src/adopt/progress.ts draws it on a terminal). */
export interface ProgressSink {
  /** `done` of `total` requests of a phase (`total` grows as lists reveal more to read). */
  update(phase: string, done: number, total: number): void;
  done(): void;
}

export const noProgress: ProgressSink = { update: () => undefined, done: () => undefined };

/** One source from an AWS source and a Graph source (live reads use the SDK for one and Graph for the other). */
export function combineSources(awsSource: Source, graphSource: Source): Source {
  return { label: `${awsSource.label} + ${graphSource.label}`, aws: (r) => awsSource.aws(r), graph: (r) => graphSource.graph(r) };
}

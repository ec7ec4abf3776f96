/**
 * One id per problem: every factory in src/model/messages.ts, called with generated arguments (the branches that
 * choose an id included), owns its ids; no two factories share one, so a user, a CI rule that filters by id, or a
 * page that names an id points at exactly one problem. Pure: no cdktf, no loader.
 */
import fc from "fast-check";
import { messages, type Message } from "../src/model/messages";

const text = fc.string({ maxLength: 40 });
const count = fc.nat({ max: 1000 });
const texts = fc.array(text, { maxLength: 3 });
const maybe = fc.option(text, { nil: undefined });
const none = fc.constant<[]>([]);
/** What `inlinePolicyFileRefused` is given (src/model/model.ts InlinePolicy.error.kind), plus anything else. */
const policyFileKind = fc.oneof(fc.constantFrom("missing", "json", "outside", "not-a-file", "too-large", "unreadable"), text);
const eligibilityGone = fc.oneof(fc.constant("removed early" as const), fc.record({ ended: text }), fc.record({ duration: text }));

type Factories = typeof messages;
/** Arguments for every factory: the type makes a new factory without an entry here a compile error. */
const argumentsOf: { readonly [K in keyof Factories]: fc.Arbitrary<Parameters<Factories[K]>> } = {
  fileNotFound: fc.tuple(text),
  fileUnreadable: fc.tuple(text, text),
  gitReadFailed: fc.tuple(text, text),
  fileTooLarge: fc.tuple(count, count),
  binaryFile: none,
  emptyFile: none,
  yamlSyntax: fc.tuple(text),
  duplicateKey: fc.tuple(text),
  tooDeep: fc.tuple(count),
  aliasBomb: none,
  notAMapping: fc.tuple(text),
  multipleDocuments: none,
  lineEndings: none,
  yamlVersion: fc.tuple(text),
  yamlTag: fc.tuple(text),
  yamlMergeKey: none,
  yamlComplexKey: none,
  yamlAliasCycle: fc.tuple(text),
  reservedName: fc.tuple(text),
  reservedKey: fc.tuple(text),
  cdktfMarker: fc.tuple(text, text),
  tooManyProblems: fc.tuple(count, count, count),
  unknownKey: fc.tuple(text, maybe, texts),
  missingKey: fc.tuple(text),
  wrongType: fc.tuple(text, text),
  notOneOf: fc.tuple(fc.anything(), fc.array(fc.anything(), { maxLength: 3 })),
  badFormat: fc.tuple(fc.anything(), text),
  tooShort: fc.tuple(count, text),
  tooLong: fc.tuple(count, text, fc.option(count, { nil: undefined })),
  outOfRange: fc.tuple(fc.anything(), text),
  invalid: fc.tuple(text),
  certificateEndDateInPast: fc.tuple(text),
  certificateEndDateTooFar: fc.tuple(text, text),
  certificateEndDateSoon: fc.tuple(text, count),
  certificateBothForms: none,
  certificateNone: none,
  certificateAllRetired: none,
  certificateSeveralActive: fc.tuple(texts),
  certificateNoneActive: fc.tuple(texts),
  certificateActiveRetired: fc.tuple(text),
  certificateRemovedNotRetired: fc.tuple(text, fc.boolean()),
  urlShape: fc.tuple(text, text),
  urlRegionMismatch: fc.tuple(text, text, text),
  identityStoreMismatch: fc.tuple(text, text),
  tooManyAbacAttributes: fc.tuple(count),
  assignmentShardsAutomatic: fc.tuple(count, count, count),
  scimUnsafeChars: fc.tuple(text, texts),
  reservedGroupName: fc.tuple(text),
  groupNameTooLong: fc.tuple(text),
  existingGroupWithSettings: fc.tuple(texts),
  pimDurationStep: fc.tuple(text),
  approversRequired: none,
  approversWithoutApproval: none,
  activationWithoutEligibility: none,
  eligibilityExclusive: none,
  eligibilityDuration: fc.tuple(text),
  eligibilityExpiryPast: fc.tuple(text),
  eligibilityTooLong: fc.tuple(text, count),
  selfApproval: fc.tuple(text),
  groupNameTemplate: fc.tuple(text),
  groupNameCaseClash: fc.tuple(text, text),
  memberAndEligible: fc.tuple(text),
  duplicateMember: fc.tuple(text, text),
  eligibleGroupUnassigned: fc.tuple(text),
  groupUnused: fc.tuple(text),
  largeGroupOnDemand: fc.tuple(text, count),
  sessionDuration: fc.tuple(text),
  tooManyPolicies: fc.tuple(count),
  manyPolicies: fc.tuple(count),
  duplicatePolicy: fc.tuple(text),
  inlinePolicyFileMissing: fc.tuple(text),
  inlinePolicyNotJson: fc.tuple(text, text),
  inlinePolicyFileRefused: fc.tuple(text, policyFileKind, text),
  inlinePolicyShape: fc.tuple(text),
  inlinePolicyTooLarge: fc.tuple(count, count),
  descriptionCharset: fc.tuple(text),
  tooManyTags: fc.tuple(count),
  permissionSetRename: fc.tuple(text, text, count, texts),
  groupRename: fc.tuple(text, text, fc.boolean()),
  assignmentStacksMove: fc.tuple(text, text),
  permissionSetRemovedWithGrants: fc.tuple(text, count),
  duplicateAccountId: fc.tuple(text, text),
  accountNameIsId: fc.tuple(text, text),
  invisibleCharacters: fc.tuple(text, texts),
  controlCharacter: fc.tuple(text),
  lookalikeName: fc.tuple(text, text),
  upnCharacters: fc.tuple(text, texts),
  unknownAccount: fc.tuple(text, texts, maybe),
  unknownGroup: fc.tuple(text, maybe),
  unknownPermissionSet: fc.tuple(text, maybe),
  principalCount: fc.tuple(fc.oneof(fc.constantFrom(0, 1, 2), count)),
  noTargets: none,
  onlyExcluded: none,
  duplicateTarget: fc.tuple(text),
  duplicateAssignment: fc.tuple(text),
  excludeUnknown: fc.tuple(text),
  identityProviderSectionMissing: fc.tuple(text),
  identityProviderSectionMismatch: fc.tuple(text, fc.oneof(fc.constant("entra"), text)),
  entraOnlySetting: fc.tuple(fc.oneof(fc.constantFrom("eligibleMembers", "activation", "objectId", "appRole", "owners"), text), text, text),
  entraObjectIdPrincipal: fc.tuple(text, text),
  groupsNotProvisioned: fc.tuple(text, text),
  identitySourceChanged: fc.tuple(text, text, count),
  destroyAllowedApplication: none,
  destroyAllowedScimSecret: fc.tuple(text),
  destroyOptInWithoutEffect: fc.tuple(text, text),
  destroyAllowedPermissionSet: fc.tuple(text, count, fc.boolean()),
  lockoutManagementAccount: fc.tuple(text, texts),
  lockoutLastAdminPath: fc.tuple(texts),
  importsFileMissing: fc.tuple(text),
  importsFileInvalid: fc.tuple(text, text),
  importsFileAdded: fc.tuple(text, count),
  importsFileRemoved: fc.tuple(text, count),
  importsFileMoved: fc.tuple(text, text),
  importsAdded: fc.tuple(text, count, text),
  importsRemoved: fc.tuple(text, count, text),
  importsRetargeted: fc.tuple(text, count, text),
  adoptUnknownPermissionSet: fc.tuple(text, text),
  adoptUnknownUser: fc.tuple(text, text, text),
  adoptGroupNotInEntra: fc.tuple(text, text, count),
  adoptDefaultAccessRole: fc.tuple(text),
  adoptSeveralAppRoles: fc.tuple(text, count, text),
  adoptPimNotAdopted: fc.tuple(text, text),
  adoptGroupNotSecurity: fc.tuple(text),
  adoptManagedGroupName: fc.tuple(text),
  adoptGroupDetailsMissing: fc.tuple(text, text),
  adoptEligibilityEnded: fc.tuple(text, text, text),
  adoptPimOwnerEligibility: fc.tuple(text),
  adoptInlinePolicyJson: fc.tuple(text),
  adoptApplicationTemplate: fc.tuple(text, fc.option(text, { nil: null }), text, text),
  adoptAcsUrl: none,
  adoptIssuerUrl: none,
  adoptRegion: none,
  adoptAccessPortalUrl: fc.tuple(text),
  adoptNoSigningCertificate: none,
  adoptNoProvisioning: none,
  adoptProvisioningPaused: fc.tuple(text, maybe),
  adoptProvisioningSettings: none,
  adoptMappingNotFixed: fc.tuple(maybe, texts),
  adoptAbacSources: fc.tuple(text, count),
  driftEligibilityMissing: fc.tuple(text, text, eligibilityGone, text, text),
  driftEligibilityEnded: fc.tuple(text),
  driftAttributeMappingReverted: fc.tuple(maybe, fc.oneof(fc.constant("objectId"), maybe), texts),
  driftGroupOnlyInIdentityCenter: fc.tuple(text),
  adoptAppIdMismatch: fc.tuple(text, text, text, maybe),
};

/** Every message each factory gives for 60 generated argument lists (seeded: the same lists every run). */
const produced: readonly (readonly [string, Message])[] = (Object.keys(argumentsOf) as (keyof Factories)[]).flatMap((name) =>
  fc
    .sample(argumentsOf[name] as fc.Arbitrary<readonly unknown[]>, { numRuns: 60, seed: 20 })
    .map((args) => [name, (messages[name] as (...a: readonly unknown[]) => Message)(...args)] as const),
);
/** id -> the factories that give it, and the severities it comes with. */
const byId = new Map<string, { factories: Set<string>; severities: Set<string> }>();
for (const [name, m] of produced) {
  const entry = byId.get(m.id) ?? { factories: new Set<string>(), severities: new Set<string>() };
  entry.factories.add(name);
  entry.severities.add(m.severity);
  byId.set(m.id, entry);
}

describe("one id per message", () => {
  test("GIVEN every factory in messages THEN each is called here (no factory is left out of the id check)", () => {
    expect(Object.keys(argumentsOf).sort()).toEqual(Object.keys(messages).sort());
  });

  test("GIVEN every factory with generated arguments WHEN the ids are collected THEN no two factories share an id", () => {
    const shared = [...byId].filter(([, e]) => e.factories.size > 1).map(([id, e]) => `${id}: ${[...e.factories].sort().join(", ")}`);
    expect(shared).toEqual([]);
  });

  test("GIVEN every id THEN it is <tool>/<kebab-case> and always of one severity", () => {
    const malformed = [...byId.keys()].filter((id) => !/^(federation|adopt|drift)\/[a-z0-9]+(-[a-z0-9]+)*$/.test(id));
    expect(malformed).toEqual([]);
    const mixed = [...byId].filter(([, e]) => e.severities.size > 1).map(([id]) => id);
    expect(mixed).toEqual([]);
  });

  test("GIVEN the inline policy file refusals THEN each kind of refusal has its own id, none the missing file's", () => {
    const refused = (kind: string) => messages.inlinePolicyFileRefused("p.json", kind, "it cannot be read").id;
    const ids = ["outside", "too-large", "not-a-file", "unreadable"].map(refused);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(messages.inlinePolicyFileMissing("p.json").id);
    expect(ids).not.toContain(messages.inlinePolicyNotJson("p.json", "x").id);
  });
});

/** What other stacks need to know about a group assigned to the enterprise application. */
export interface AssignedGroup {
  /** Group name in the federation file (the Entra display name of groups we create). */
  readonly name: string;
  /** Entra object id (a Terraform reference for groups we create, the literal id for existing groups). */
  readonly objectId: string;
  /** Terraform id of the group's app role assignment to the enterprise application (changes when it is recreated). */
  readonly appRoleAssignmentId: string;
  /** Standing members declared in the file (0 for existing groups). */
  readonly memberCount: number;
}

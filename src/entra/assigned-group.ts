/** What other stacks need to know about a group assigned to the enterprise application (keyed by group name). */
export interface AssignedGroup {
  /** Entra object id (a Terraform reference for groups we create, the literal id for existing groups). */
  readonly objectId: string;
  /** Terraform id of the group's app role assignment to the enterprise application (changes when it is recreated). */
  readonly appRoleAssignmentId: string;
}

export type WorkflowNames = Readonly<Record<string, string | { name: string } | undefined>>;

/** The name a workflow id is known by, if any. */
export function workflowName(projectId: string, names: WorkflowNames): string | undefined {
  // hasOwn: an id is never taken for an inherited property such as "constructor".
  const entry = Object.hasOwn(names, projectId) ? names[projectId] : undefined;
  return typeof entry === 'string' ? entry : entry?.name;
}

/** `订单同步 (2008381617971200000)` where the workflow has a name, else its id alone. */
export function workflowLabel(projectId: string, names: WorkflowNames): string {
  const name = workflowName(projectId, names);
  return name ? `${name} (${projectId})` : projectId;
}

const compiled = new Map<string, RegExp>();

/** `订单*` -> /^订单.*$/u: `*` is the only wildcard, everything else stands for itself; case counts. */
export function workflowPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const source = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
    regex = new RegExp(`^${source}$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Whether a `match.workflows` entry names this workflow, by id or by name. */
export function matchesWorkflow(pattern: string, projectId: string, workflowName?: string): boolean {
  const regex = workflowPattern(pattern);
  return regex.test(projectId) || (workflowName !== undefined && regex.test(workflowName));
}

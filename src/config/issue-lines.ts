import type { z } from 'zod';
import { problemAt } from './format-path';

/** Zod's issues as problem lines, each with its full path; an unknown key gets a line of its own. */
export function issueLines(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(problemAt([...path, key], issue.message));
    } else if (issue.code === 'invalid_key') {
      lines.push(...issueLines(issue.issues, path));
    } else {
      lines.push(problemAt(path, issue.message));
    }
  }
  return lines;
}

/** The statuses whose alerts carry buttons (see buildSlackMessage). */
export const ACTIONABLE: ReadonlySet<string> = new Set(['FAILED', 'STUCK']);

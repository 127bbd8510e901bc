/** What a route looks at; every key given must hold, and no match at all holds always. */
export interface RouteMatch {
  /** Workflow ids or names, `*` a wildcard. */
  workflows?: string[];
  /** Upper case: FAILED, COMPLETED, STUCK or any other API status. */
  statuses?: string[];
  accounts?: string[];
}

export interface Route {
  match?: RouteMatch;
  /** Channel names; `default` is the channels configured by the environment; empty means nothing. */
  to: string[];
  /** Carry on to the next routes after this one matched. */
  continue: boolean;
}

/** The cookie (or, for API clients, the header) naming the project the dashboard shows. No server-only: the proxy and the switcher use it. */
export const PROJECT_COOKIE = "tw_project";
export const PROJECT_HEADER = "x-tailwatch-project";
/** `?project=<slug>` on any dashboard URL switches project (the proxy turns it into the cookie). */
export const PROJECT_PARAM = "project";

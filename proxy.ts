import { NextResponse, type NextRequest } from "next/server";
import { PROJECT_COOKIE, PROJECT_PARAM } from "@/server/auth/project-cookie";

/**
 * `?project=<slug>` on a page switches the dashboard's project: it becomes the tw_project cookie
 * (read by every tRPC call; checked there against the user's memberships) and leaves the URL.
 */
export function proxy(request: NextRequest) {
  const slug = request.nextUrl.searchParams.get(PROJECT_PARAM);
  if (slug === null) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.searchParams.delete(PROJECT_PARAM);
  const response = NextResponse.redirect(url);
  if (/^[A-Za-z0-9._-]{1,100}$/.test(slug)) {
    response.cookies.set(PROJECT_COOKIE, slug, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
  }
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/|icon\\.svg|favicon\\.ico).*)"],
};

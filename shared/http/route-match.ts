/**
 * Matches a request path against the route table. The local API Gateway (local/api-gateway.ts)
 * dispatches with it; the deployed `$default` route uses it to answer unknown paths (404), wrong
 * methods (405) and paths it cannot read (400) as problem+json instead of API Gateway's bare
 * `{"message":"Not Found"}`.
 */
import { API_BASE_PATH, routes as allRoutes, type Route } from '../../lib/routes.ts';

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

/**
 * No route for this method and path. `allowed`: the methods the path takes (empty: unknown path).
 * `malformed`: the path matched a route, but a parameter is not percent-encoded UTF-8 (`%ZZ`,
 * `%C3%28`, an encoded lone surrogate), so it names nothing.
 */
export interface NoMatch {
  allowed: string[];
  malformed?: true;
}

function compile(route: Route): RegExp {
  const pattern = `${API_BASE_PATH}/${route.path}`
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) return `(?<${param[1]}>[^/]+)`;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // With or without the trailing slash.
  return new RegExp(`^${pattern}/?$`);
}

/** `decodeURIComponent`, or undefined where it would throw (bad `%` escape, invalid UTF-8). */
export function decodeSegment(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function createRouteMatcher(routes: readonly Route[] = allRoutes) {
  const compiled = routes.map((route) => ({ route, regex: compile(route) }));
  return {
    /** The route for this method and path, or why there is none. Never throws. */
    match(method: string, path: string): RouteMatch | NoMatch {
      const allowed: string[] = [];
      for (const { route, regex } of compiled) {
        const found = regex.exec(path);
        if (!found) continue;
        if (route.method === method.toUpperCase()) {
          const pathParameters: Record<string, string> = {};
          for (const [key, value] of Object.entries(found.groups ?? {})) {
            const decoded = decodeSegment(value);
            if (decoded === undefined) return { allowed: [], malformed: true };
            pathParameters[key] = decoded;
          }
          return { route, pathParameters };
        }
        allowed.push(route.method);
      }
      return { allowed };
    },
  };
}

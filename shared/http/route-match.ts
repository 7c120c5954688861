/**
 * Matches a request path against the route table. The local API Gateway (local/api-gateway.ts)
 * dispatches with it; the deployed `$default` route uses it to answer unknown paths (404) and
 * wrong methods (405) as problem+json instead of API Gateway's bare `{"message":"Not Found"}`.
 */
import { API_BASE_PATH, routes as allRoutes, type Route } from '../../lib/routes.ts';

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
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

export function createRouteMatcher(routes: readonly Route[] = allRoutes) {
  const compiled = routes.map((route) => ({ route, regex: compile(route) }));
  return {
    /** The route for this method and path, or the methods the path allows (empty: unknown path). */
    match(method: string, path: string): RouteMatch | { allowed: string[] } {
      const allowed: string[] = [];
      for (const { route, regex } of compiled) {
        const found = regex.exec(path);
        if (!found) continue;
        if (route.method === method.toUpperCase()) {
          const pathParameters: Record<string, string> = {};
          for (const [key, value] of Object.entries(found.groups ?? {})) {
            pathParameters[key] = decodeURIComponent(value);
          }
          return { route, pathParameters };
        }
        allowed.push(route.method);
      }
      return { allowed };
    },
  };
}

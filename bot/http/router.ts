import type { HttpMethod, Route } from "./route.ts";

/** A route matched to a path, with its decoded parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** The route table: exact segments, `:param` (optionally with a literal suffix), a final `*`. */
export interface Router {
  add(route: Route): void;
  /**
   * The route for `method` and `path`; `{ allowed }` when the path exists under other methods (→
   * 405); undefined when nothing matches (→ 404). Throws URIError for a malformed escape.
   */
  match(method: string, path: string): RouteMatch | { allowed: HttpMethod[] } | undefined;
  readonly routes: readonly Route[];
}

type Segment = { literal: string } | { param: string; suffix: string } | { rest: true };

interface Compiled {
  route: Route;
  segments: Segment[];
}

/**
 * Creates an empty route table. First added wins when two patterns match; adding the same method
 * and path twice is an error (two adapters claiming one endpoint).
 *
 * @example
 * const router = createRouter();
 * router.add({ method: "GET", path: "/v1/customers/:id", handle });
 * router.match("GET", "/v1/customers/7590-VHVEG"); // { route, params: { id: "7590-VHVEG" } }
 */
export function createRouter(): Router {
  const table: Compiled[] = [];
  return {
    get routes() {
      return table.map((c) => c.route);
    },
    add(route) {
      if (!route.path.startsWith("/")) throw new Error(`route path must start with "/": ${route.path}`);
      if (table.some((c) => c.route.method === route.method && c.route.path === route.path))
        throw new Error(`route already mounted: ${route.method} ${route.path}`);
      table.push({ route, segments: compile(route.path) });
    },
    match(method, path) {
      const parts = path.split("/").slice(1);
      const allowed: HttpMethod[] = [];
      for (const c of table) {
        const params = matchSegments(c.segments, parts);
        if (!params) continue;
        if (c.route.method === method) return { route: c.route, params };
        if (!allowed.includes(c.route.method)) allowed.push(c.route.method);
      }
      return allowed.length > 0 ? { allowed } : undefined;
    },
  };
}

function compile(path: string): Segment[] {
  const parts = path.split("/").slice(1);
  return parts.map((part, i): Segment => {
    if (part === "*") {
      if (i !== parts.length - 1) throw new Error(`"*" must end the route path: ${path}`);
      return { rest: true };
    }
    const param = /^:([A-Za-z_][A-Za-z0-9_]*)(.*)$/.exec(part);
    return param ? { param: param[1], suffix: param[2] } : { literal: part };
  });
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if ("rest" in s) {
      params["*"] = parts.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if ("literal" in s) {
      if (part !== s.literal) return undefined;
      continue;
    }
    if (!part.endsWith(s.suffix) || part.length === s.suffix.length) return undefined;
    params[s.param] = decodeURIComponent(part.slice(0, part.length - s.suffix.length));
  }
  return parts.length === segments.length ? params : undefined;
}

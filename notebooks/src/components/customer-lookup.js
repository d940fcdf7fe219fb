// Finds one customer's details for the User insights page: the bundled set first (built with the
// site), then the EngageTrack server when the page is served by it under /notebooks/ — its
// same-origin lookup `GET /notebooks/api/customers/:id` (the CustomerInsight JSON, and the TXT
// summary with `Accept: text/plain`), guarded by the server's notebook access policy (this machine
// only by default; behind a signing-in proxy in a deployment), so the page never holds an API key
// and never downloads the whole snapshot.

/** The server's origin when this page is served by it (under /notebooks/), else null. */
export function serverBase(location = globalThis.location) {
  return location && location.pathname.startsWith("/notebooks/") ? location.origin : null;
}

/**
 * @param bundled the insights.json data ({limit, total, details: {id: {insight, waterfall, text}}})
 * @param options.base server origin or null (no server: bundled customers only)
 * @param options.fetch fetch function (default the browser's)
 * @returns lookup(id) → {source: "bundled"|"server", insight, waterfall, text} or {source: "none", message}
 */
export function createCustomerLookup(bundled, { base = serverBase(), fetch = globalThis.fetch } = {}) {
  return async function lookup(id) {
    const key = String(id ?? "").trim();
    if (!key) return { source: "none", message: "Type or pick a customer ID." };
    const hit = bundled.details[key];
    if (hit) return { source: "bundled", ...hit };
    const notBundled = `Customer ${key} is not among the ${bundled.customers.length} customers bundled with this site`;
    if (base === null) {
      return {
        source: "none",
        message: `${notBundled}; served by the EngageTrack server, the page looks any customer up there.`,
      };
    }
    const url = `${base}/notebooks/api/customers/${encodeURIComponent(key)}`;
    let response;
    try {
      response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
    } catch (error) {
      return {
        source: "none",
        message: `${notBundled}, and the server could not be reached (${error.message}).`,
      };
    }
    if (response.status === 404)
      return { source: "none", message: `No customer ${key} in the newest snapshot.` };
    if (response.status === 401 || response.status === 403 || response.status === 429) {
      const reason = await errorMessage(response);
      return { source: "none", message: `${notBundled}, and the server refused the lookup: ${reason}.` };
    }
    if (!response.ok)
      return { source: "none", message: `${notBundled}, and the server answered ${response.status}.` };
    const insight = await response.json();
    let text = null;
    try {
      const t = await fetch(url, { headers: { accept: "text/plain" }, credentials: "same-origin" });
      if (t.ok && (t.headers.get("content-type") ?? "").startsWith("text/plain")) text = await t.text();
    } catch {
      text = null;
    }
    return { source: "server", insight, waterfall: waterfallFromInsight(insight), text };
  };
}

/** The server's `{"error":{"message"}}` sentence, or the status. */
async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error && typeof body.error.message === "string") return body.error.message;
  } catch {
    // not JSON: fall through
  }
  return `status ${response.status}`;
}

/**
 * Waterfall input from a CustomerInsight alone (a server lookup): its top drivers, with the rest
 * of the score in one "Other features" bar (the bundled customers carry every source instead).
 */
export function waterfallFromInsight(insight) {
  return {
    customerID: insight.customerID,
    baseValue: insight.risk.baseValue,
    margin: insight.risk.margin,
    drivers: insight.explanation.drivers.map((d) => ({ label: d.label, value: d.value })),
    probability: insight.risk.probability,
  };
}

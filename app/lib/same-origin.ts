/**
 * Cross-site request forgery: a state-changing request must come from one of our own pages.
 * Browsers say where a request comes from in Origin (and Sec-Fetch-Site); a request that
 * says neither, or names another site, is refused.
 */
export function isSameOriginRequest(headers: { origin?: string; "sec-fetch-site"?: string; host?: string }, appOrigin: string, protocol: string) {
  const origin = headers.origin;
  if (origin && origin !== "null") {
    return origin === appOrigin || (headers.host !== undefined && origin === `${protocol}://${headers.host}`);
  }
  const site = headers["sec-fetch-site"];
  return site === "same-origin" || site === "none";
}

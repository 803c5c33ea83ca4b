// What the Express server hands every loader and action besides the request.
import "react-router";

export type RequestContext = {
  /** The client's address (from the socket, or X-Forwarded-For when TRUST_PROXY is set). */
  ip: string | null;
  /** The per-response nonce that the Content-Security-Policy allows scripts to carry. */
  cspNonce: string;
};

declare module "react-router" {
  interface AppLoadContext extends RequestContext {}
}

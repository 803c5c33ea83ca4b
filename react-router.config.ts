import type { Config } from "@react-router/dev/config";

export default {
  // Pages render on the server and work without JavaScript; the client only enhances.
  ssr: true,
  future: {
    // Loaders and actions get the request as it arrived instead of two copies each; they read
    // the page's address through `routedUrl` (docs/decisions/018-requests-passed-through.md).
    v8_passThroughRequests: true,
  },
} satisfies Config;

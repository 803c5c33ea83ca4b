import type { Config } from "@react-router/dev/config";

export default {
  // Pages render on the server and work without JavaScript; the client only enhances.
  ssr: true,
} satisfies Config;

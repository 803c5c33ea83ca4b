// A module imported with `?standalone` becomes a script of its own; the import is its address
// (see the plugin in vite.config.ts).
declare module "*?standalone" {
  const url: string;
  export default url;
}

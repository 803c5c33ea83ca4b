// Loaded into a test server with `--import`: on SIGUSR2 the server writes one line with the
// kinds of resources (timers, sockets, …) that are keeping its event loop busy, counted, so a
// test can see what a request leaves running behind it.
process.on("SIGUSR2", () => {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  process.stdout.write(`ACTIVE-RESOURCES ${JSON.stringify(counts)}\n`);
});

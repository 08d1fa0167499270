// Preloaded (--import) into profiled servers: exit normally on SIGTERM, before any other handler
// re-raises the signal, so `--cpu-prof` gets to write its profile.
process.once('SIGTERM', () => process.exit(0));

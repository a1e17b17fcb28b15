#!/usr/bin/env node
// The tgmcp-read command. A file committed in the package (not in dist/) so that pnpm can link
// the bin on a fresh install, before the package is built.
import '../dist/cli.js';

#!/usr/bin/env node
// The piecrust-as command: the compiled CLI runs itself on import (see cli/main.ts).
import "../dist/cli/main.js";

import { z } from "zod";

// Runs in the browser before the app's code. Zod 4 probes `new Function("")` to compile faster
// object parsers; the CSP (no 'unsafe-eval') refuses it and the browser reports a violation.
// Forms parse a handful of fields: the interpreted parser is plenty.
z.config({ jitless: true });

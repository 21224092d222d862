/**
 * Zod without compiled parsers. The server's Content-Security-Policy allows no `eval`, so
 * zod could never compile a parser here anyway; but its probe for `new Function` is reported
 * as a CSP violation on every page, try/catch or not (issue 24). With `jitless` zod skips the
 * probe and parses as it already did under the policy. An object schema decides when it is
 * made, so main.tsx imports this module before anything that makes one.
 */
import { z } from 'zod';

z.config({ jitless: true });

// What `remediator serve` reads before it listens (besides the runbook directory, src/cli/runbookDir.ts): the token, TLS files and the
// listen address. Each problem is one InputError or UsageError naming the file or flag.
import { readInput } from './inputs';
import { InputError, UsageError, type CliIO } from './io';

const MAX_TOKEN_BYTES = 4096;
const PEM_INPUT = { maxBytes: 1024 * 1024, what: 'a PEM file' };

/** HOST:PORT, [IPv6]:PORT; port 0 lets the system choose (the chosen address is printed). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--listen "${text}" is not HOST:PORT (e.g. 0.0.0.0:9095 or [::1]:9095)`);
  return { host: m[1] ?? m[2], port };
}

/** The file's content without one trailing newline (how `echo` and Secrets mounted as files end). */
export function readToken(io: CliIO, file: string): Buffer {
  const text = readInput(io, file, { maxBytes: MAX_TOKEN_BYTES, what: 'a token file' }).replace(/\r?\n$/, '');
  if (text === '') throw new InputError(`${file}: the token file is empty`);
  if (/\s/.test(text)) throw new InputError(`${file}: the token must not contain spaces or line breaks`);
  return Buffer.from(text, 'utf8');
}

export function readPem(io: CliIO, file: string): Buffer {
  return Buffer.from(readInput(io, file, PEM_INPUT), 'utf8');
}

/** A whole number of `what` in [min, max], from flag `--name`. */
export function parseIntegerFlag(name: string, text: string, min: number, max: number, what = ''): number {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`--${name} "${text}" must be a whole number${what ? ` of ${what}` : ''} from ${min} to ${max}`);
  return n;
}

/** A Lease name: a DNS subdomain (lower case letters, digits, "-" and "."; at most 253). */
export function parseLeaseName(text: string): string {
  if (text.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(text)) {
    throw new UsageError(`--leader-lease "${text}" is not a valid Lease name (lower case letters, digits, "-" and ".", at most 253)`);
  }
  return text;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A duration such as 90s, 30m, 12h or 7d, in seconds (at least 1 s, at most 10 years). */
export function parseDurationFlag(name: string, text: string): number {
  const m = /^(\d{1,6})([smhd])$/.exec(text);
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2]] : NaN;
  if (!(seconds >= 1 && seconds <= 3650 * 86400)) throw new UsageError(`--${name} "${text}" is not a duration from 1s to 3650d (a whole number and s, m, h or d, e.g. 7d)`);
  return seconds;
}

// Helm 3's Secret storage driver writes data.release = base64(gzip(JSON of the release)); the API
// server's JSON adds its own base64 layer over every Secret data value. So what arrives here is
// base64(base64(gzip(json))). Helm also reads an un-gzipped payload (older writers), and so do we.
import { gunzipSync } from 'zlib';

const GZIP_MAGIC = [0x1f, 0x8b];
/** A release is its chart and manifests: a few MiB at most. A payload inflating past this is refused. */
export const MAX_RELEASE_BYTES = 32 * 1024 * 1024;

export class ReleaseDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseDecodeError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(text: string, layer: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) throw new ReleaseDecodeError(`the ${layer} is not base64`);
  return Buffer.from(compact, 'base64');
}

/** The release JSON from a Secret's `data.release` as the API server returns it. */
export function decodeReleaseData(apiValue: string): unknown {
  const helmText = fromBase64(apiValue, 'Secret data value').toString('latin1');
  const bytes = fromBase64(helmText, 'release payload');
  let json: Buffer;
  if (bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      json = gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES });
    } catch (err) {
      throw new ReleaseDecodeError(`the release payload does not gunzip: ${(err as Error).message}`);
    }
  } else {
    json = bytes;
  }
  try {
    return JSON.parse(json.toString('utf8')) as unknown;
  } catch {
    throw new ReleaseDecodeError('the release payload is not JSON');
  }
}

/** The inverse, for tests and fixtures: what the API server would return for a release JSON. */
export function encodeReleaseData(release: unknown, gzip: (b: Buffer) => Buffer): string {
  const helmText = gzip(Buffer.from(JSON.stringify(release), 'utf8')).toString('base64');
  return Buffer.from(helmText, 'latin1').toString('base64');
}

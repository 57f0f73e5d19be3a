// The container image the exported Job runs. `npm run image` (scripts/image.sh) builds and tags exactly
// this name: the script reads it from this line, so the two cannot drift apart.
export const JOB_IMAGE = 'remediator:0.1.0';

/** The flags the image's ENTRYPOINT gives node before the CLI (the Containerfile; a unit test checks they agree). */
export const IMAGE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

// The container image the exported Job runs. `npm run image` (scripts/image.sh) builds and tags exactly
// this name: the script reads it from this line, so the two cannot drift apart.
export const JOB_IMAGE = 'remediator:0.1.0';

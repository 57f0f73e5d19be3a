// Constants esbuild.js substitutes at build time (`define`).
/** true in the development/test build, false in the `--production` build that is packaged. */
declare const REMEDIATOR_TEST_HOOKS: boolean;

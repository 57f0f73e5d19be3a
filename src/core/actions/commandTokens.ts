// The placeholders of the seed-style command shapes (the engine fills in the target it decided on).
export const POD_PLACEHOLDER = '${POD_NAME}';
export const NAMESPACE_PLACEHOLDER = '${NAMESPACE}';
export const DEPLOYMENT_PLACEHOLDER = '${DEPLOYMENT}';
export const STATEFULSET_PLACEHOLDER = '${STATEFULSET}';
export const REPLICAS_TOKEN = '--replicas=N';
export const RELEASE_PLACEHOLDER = '${RELEASE}';
/** The revision the engine decides on: the release's last known-good one. */
export const REVISION_PLACEHOLDER = '${REVISION}';
/** A literal revision number, e.g. `helm rollback ${RELEASE} 3 -n ${NAMESPACE}`. */
export const REVISION_TOKEN = 'N';

// The placeholders of the seed-style command shapes (the engine fills in the target it decided on).
export const POD_PLACEHOLDER = '${POD_NAME}';
export const NAMESPACE_PLACEHOLDER = '${NAMESPACE}';
export const DEPLOYMENT_PLACEHOLDER = '${DEPLOYMENT}';
export const STATEFULSET_PLACEHOLDER = '${STATEFULSET}';
export const REPLICAS_TOKEN = '--replicas=N';

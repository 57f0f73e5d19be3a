// The seed lab's names and the fixed "now" of every test.
export const LAB_NAMESPACE = 'aiops-remediation-lab';
/** "Now" in every test unless a case says otherwise; the lab snapshot was taken at this instant. */
export const LAB_NOW = new Date('2026-04-26T10:00:00Z');
export const ENABLED_LABEL = 'remediator.kubedojo.io/enabled';
export const RESTART_LABEL = 'remediator.kubedojo.io/restart';
export const LAB_WEB_RS = 'web-5d8f9c7b6c';
/** The web pod the lab marks with restart=true. */
export const LAB_WEB_POD = 'web-5d8f9c7b6c-x8k2p';
/** Its unmarked Ready peer. */
export const LAB_WEB_PEER = 'web-5d8f9c7b6c-q9tzm';
export const LAB_SINGLETON_RS = 'singleton-7b9c6d4f8d';
export const LAB_SINGLETON_POD = 'singleton-7b9c6d4f8d-m2n4r';

// The text of every notification that can carry an error's or the cluster's words. Error messages are
// where credentials leak (a kubeconfig parser quoting a token line, an exec plugin's stderr, a proxy
// echoing the Authorization header), and names and reasons come from the cluster, where a bidi override
// can make a pod name read backwards: a notification gets them only through safeLine. Pure (no vscode),
// so it is tested without an editor.
import { safeLine, safeLines } from '../../core/text/safe';

/** "Remediator: <one safe line>" for an Error, a string or anything thrown. */
export function notificationText(subject: unknown): string {
  return `Remediator: ${safeLine(messageOf(subject))}`;
}

/** The detail of a modal (several lines kept, each one safe). */
export function notificationDetail(text: string): string {
  return safeLines(text);
}

function messageOf(subject: unknown): string {
  if (subject instanceof Error) return subject.message;
  if (typeof subject === 'string') return subject;
  const message = (subject as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(subject);
}

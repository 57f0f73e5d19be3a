// Only a type import of the editor API: the wrapper is plain JavaScript, so a unit test can check it.
import type * as vscode from 'vscode';
import { safeLine } from '../../core/text/safe';

const WRITERS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'appendLine']);

/**
 * The channel as other code sees it: every write (commands log failures and warnings straight to it)
 * is redacted and escaped first, so no caller can forget to.
 */
export function safeChannel(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!WRITERS.has(property)) return value.bind(target);
      return (message: unknown, ...args: unknown[]) => {
        const text = [message instanceof Error ? message.message : String(message), ...args.map(String)].join(' ');
        return (value as (text: string) => void).call(target, safeLine(text));
      };
    },
  });
}

// The remediator.* settings, read fresh each time (they may change while the editor runs).
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EngineSettings } from '../../core/guardrails/types';
import type { PrometheusSettingValues } from './prometheusSettings';

export interface SafetyProfile {
  contextPattern: string;
  requireTypedConfirmation?: boolean;
}

export interface ClusterSettings {
  kubeconfig?: string;
  context?: string;
  optInLabel: string;
  restartLabel: string;
  auditFile?: string;
  stateNamespace: string;
  killSwitch: boolean;
  safetyProfiles: SafetyProfile[];
  prometheus: PrometheusSettingValues;
  /** remediator.helm.path as an absolute path; absent: REMEDIATOR_HELM, else PATH (as the CLI without --helm). */
  helmPath?: string;
  /** remediator.alertmanager.url: whose active alerts the workloads tree decides (absent: none). */
  alertmanagerUrl?: string;
}

/** Settings that change which cluster or identity the editor talks to. */
export const CONNECTION_SETTINGS = ['remediator.kubeconfig', 'remediator.context', 'remediator.stateNamespace', 'remediator.auditFile', 'remediator.helm.path'];

function expandHome(file: string): string {
  return file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file;
}

export function readSettings(): ClusterSettings {
  const c = vscode.workspace.getConfiguration('remediator');
  const text = (key: string) => c.get<string>(key)?.trim() || undefined;
  return {
    kubeconfig: text('kubeconfig') ? expandHome(text('kubeconfig')!) : undefined,
    context: text('context'),
    optInLabel: text('labels.optIn') ?? 'remediator.kubedojo.io/enabled',
    restartLabel: text('labels.restart') ?? 'remediator.kubedojo.io/restart',
    auditFile: text('auditFile') ? expandHome(text('auditFile')!) : undefined,
    stateNamespace: text('stateNamespace') ?? 'remediator-system',
    killSwitch: c.get<boolean>('killSwitch') ?? false,
    safetyProfiles: (c.get<SafetyProfile[]>('safetyProfiles') ?? []).filter((p) => typeof p?.contextPattern === 'string'),
    prometheus: { url: c.get<unknown>('prometheus.url'), tokenFile: text('prometheus.tokenFile'), caFile: text('prometheus.caFile') },
    helmPath: text('helm.path') ? settingPath(text('helm.path')!) : undefined,
    alertmanagerUrl: text('alertmanager.url'),
  };
}

/** A configured file as an absolute path: `~` is the home folder, a relative path is from the first workspace folder. */
export function settingPath(file: string): string {
  const expanded = expandHome(file);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return path.isAbsolute(expanded) || !folder ? path.resolve(expanded) : path.resolve(folder, expanded);
}

/** What the engine reads from the editor's settings (labels are "true"-valued, as in the seed lab). */
/** The restart label as the engine reads it (the setting names the key; the value is "true"). */
export function restartMark(s: ClusterSettings): EngineSettings['restartLabel'] {
  return { key: s.restartLabel, value: 'true' };
}

export function engineSettings(s: ClusterSettings): Partial<EngineSettings> {
  return { killSwitch: s.killSwitch, restartLabel: restartMark(s) };
}

/** True when a safety profile for this context asks for the target's name to be typed. */
export function requiresTypedConfirmation(s: ClusterSettings, context: string): boolean {
  return s.safetyProfiles.some((p) => {
    if (p.requireTypedConfirmation === false) return false;
    try {
      return new RegExp(p.contextPattern).test(context);
    } catch {
      return true; // an unreadable pattern errs on the safe side
    }
  });
}

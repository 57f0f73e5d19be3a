// The panel's HTML shell: strict CSP (default-src 'none'), one nonce for the script and the style,
// resources only from dist/webview. Colours are the theme's CSS variables.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size); padding: 0 16px 24px; line-height: 1.45; }
h1 { font-size: 1.3em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.05em; font-weight: 600; margin: 18px 0 6px; color: var(--vscode-descriptionForeground); text-transform: uppercase; letter-spacing: .04em; }
.muted, .reason { color: var(--vscode-descriptionForeground); margin: 2px 0; }
.badge { font-size: .8em; padding: 1px 8px; border-radius: 10px; margin-left: 6px; vertical-align: middle;
  background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.mode-auto_execute { background: var(--vscode-testing-iconPassed); color: var(--vscode-editor-background); }
.mode-abort { background: var(--vscode-errorForeground); color: var(--vscode-editor-background); }
.mode-approval_required { background: var(--vscode-editorWarning-foreground); color: var(--vscode-editor-background); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
th { color: var(--vscode-descriptionForeground); font-weight: 600; }
.status { font-weight: 600; }
.status-pass { color: var(--vscode-testing-iconPassed); }
.status-fail, .status-error { color: var(--vscode-errorForeground); }
.status-skip { color: var(--vscode-disabledForeground); }
.outcome { padding: 6px 10px; border-left: 3px solid var(--vscode-focusBorder); background: var(--vscode-textBlockQuote-background); }
.outcome-verified, .outcome-dry_run { border-left-color: var(--vscode-testing-iconPassed); }
.outcome-error, .outcome-verification_failed, .outcome-blocked { border-left-color: var(--vscode-errorForeground); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow-x: auto; font-family: var(--vscode-editor-font-family); }
.actions { display: flex; gap: 8px; align-items: center; margin: 10px 0; }
button { font-family: inherit; font-size: inherit; padding: 4px 14px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer; }
button.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button.primary:hover:not(:disabled) { background: var(--vscode-button-hoverBackground); }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
button:disabled { opacity: .5; cursor: default; }
.metric-live h3 { font-size: 1em; font-weight: 600; margin: 14px 0 4px; }
.metric-chart { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
.metric-chart table.samples { width: auto; min-width: 16em; }
caption { text-align: left; color: var(--vscode-descriptionForeground); padding: 2px 8px; }
code { font-family: var(--vscode-editor-font-family); word-break: break-word; }
svg.chart { flex: none; }
.chart-frame { fill: none; stroke: var(--vscode-panel-border); }
.chart-label { fill: var(--vscode-descriptionForeground); font-size: 9px; }
.chart-line { stroke: var(--vscode-charts-blue); stroke-width: 1.5; }
.chart-baseline { stroke: var(--vscode-charts-lines, var(--vscode-descriptionForeground)); stroke-dasharray: 4 3; }
.chart-point.sample-success { fill: var(--vscode-charts-green, var(--vscode-testing-iconPassed)); }
.chart-point.sample-failure, .chart-point.sample-error { fill: var(--vscode-charts-red, var(--vscode-errorForeground)); }
.chart-point.sample-inconclusive, .chart-point.sample-no_data { fill: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground)); }
td.sample-success, .metric-verdict-verified, .metric-verdict-pass { color: var(--vscode-testing-iconPassed); }
td.sample-failure, td.sample-error, .metric-verdict-failed, .metric-verdict-fail, .metric-verdict-error, .metric-verdict-unobservable { color: var(--vscode-errorForeground); }
td.sample-inconclusive, td.sample-no_data, .metric-verdict-inconclusive { color: var(--vscode-editorWarning-foreground); }
#progress { color: var(--vscode-descriptionForeground); font-style: italic; min-height: 1.2em; }
`;

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = newNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'panel.main.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Remediator dry run</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="progress" role="status"></div>
<main id="root"><p class="muted">Deciding…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

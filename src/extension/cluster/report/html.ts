// The report webviews' HTML shell: strict CSP (default-src 'none'; the script by nonce; the stylesheet
// from dist/webview, no inline style anywhere), nothing remote. Chart.js is bundled into the script.
import * as vscode from 'vscode';
import { newNonce } from '../panel/html';

/** `script`: the bundle's base name under dist/webview (report.main, replay.main); its CSS sits beside it. */
export function reportHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: string, title: string): string {
  const nonce = newNonce();
  const base = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const js = webview.asWebviewUri(vscode.Uri.joinPath(base, `${script}.js`));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(base, `${script}.css`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<link rel="stylesheet" href="${css.toString()}">
</head>
<body>
<div id="progress" role="status"></div>
<main id="root"><p class="muted">Reading the audit log…</p></main>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
}

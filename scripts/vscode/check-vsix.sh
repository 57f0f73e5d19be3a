#!/usr/bin/env bash
# Packages the extension (npm run package) and proves the .vsix works: it installs into a scratch
# code-server extensions dir, is listed as installed, carries every file the manifest points at, and its
# bundle loads and exports activate() without the CLI's or a cluster's help, and it carries no test hook
# (the remediator._test.* commands and the scripted prompts exist only in the development build).
set -euo pipefail
cd "$(dirname "$0")/../.."
CS_DIR=${REMEDIATOR_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/remediator/code-server-4.100.3}
CODE_SERVER=$CS_DIR/node_modules/.bin/code-server
[ -x "$CODE_SERVER" ] || bash scripts/vscode/install-code-server.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm run --silent package >/dev/null
ls -la remediator.vsix
unzip -Z1 remediator.vsix > "$tmp/files"
for f in extension/package.json extension/dist/extension.js extension/dist/k8s.js extension/dist/cli.js \
  extension/dist/webview/panel.main.js extension/schemas/remediation-runbook.schema.json \
  extension/snippets/runbook.code-snippets extension/syntaxes/runbook-injection.tmLanguage.json extension/media/remediator.svg; do
  grep -qx "$f" "$tmp/files" || { echo "check-vsix: $f missing from remediator.vsix" >&2; exit 1; }
done
# The test hooks would let any other extension pre-answer the execute confirmation: they must not ship.
unzip -q remediator.vsix 'extension/dist/*' -d "$tmp/unzipped"
hooks=$(grep -l -e 'remediator._test' -e 'setConfirmationAnswers' -e 'ScriptedPrompts' -r "$tmp/unzipped/extension/dist" --include='*.js' || true)
[ -z "$hooks" ] || { echo "check-vsix: test hooks in the packaged bundle: $hooks" >&2; exit 1; }
grep -q 'remediator.execute' "$tmp/unzipped/extension/dist/extension.js" || { echo "check-vsix: extension/dist/extension.js does not register remediator.execute (search broken?)" >&2; exit 1; }
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" "$CODE_SERVER" \
  --user-data-dir "$tmp/user" --extensions-dir "$tmp/ext" --install-extension "$PWD/remediator.vsix" >/dev/null
listed=$(env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" "$CODE_SERVER" \
  --user-data-dir "$tmp/user" --extensions-dir "$tmp/ext" --list-extensions --show-versions)
echo "$listed" | grep -q '^kubedojo.remediator@' || { echo "check-vsix: not installed: $listed" >&2; exit 1; }
installed=$(ls -d "$tmp"/ext/kubedojo.remediator-*)
node -e '
  const Module = require("module"); const orig = Module._resolveFilename;
  Module._resolveFilename = function (r, ...a) { return r === "vscode" ? require.resolve("./scripts/vscode/lib/vscode-stub.js") : orig.call(this, r, ...a); };
  const ext = require(process.argv[1] + "/dist/extension.js");
  if (typeof ext.activate !== "function") { console.error("check-vsix: no activate() export"); process.exit(1); }
' "$installed"
"$installed/dist/cli.js" validate "$installed/runbooks/replace-redundant-pod.yaml"
echo "check-vsix: remediator.vsix installs ($listed), loads, and its CLI validates the seed runbook"
rm -f remediator.vsix

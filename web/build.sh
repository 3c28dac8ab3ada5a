#!/usr/bin/env bash
# Builds web/dist/solvent-verifier.html: one self-contained file (the verifier
# compiled to WebAssembly, inlined), which works hosted or opened from disk.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p solvent-wasm --target wasm32-unknown-unknown
rm -rf web/pkg && mkdir -p web/pkg web/dist
wasm-bindgen --target no-modules --no-typescript --out-dir web/pkg \
  target/wasm32-unknown-unknown/release/solvent_wasm.wasm
python3 - <<'PY'
import base64, pathlib
web = pathlib.Path("web")
page = (web / "src/index.html").read_text()
page = page.replace("/*WASM_BINDGEN_JS*/", (web / "pkg/solvent_wasm.js").read_text())
page = page.replace("/*WASM_BASE64*/", base64.b64encode((web / "pkg/solvent_wasm_bg.wasm").read_bytes()).decode())
page = page.replace("/*APP_JS*/", (web / "src/app.js").read_text())
(web / "dist/solvent-verifier.html").write_text(page)
print("wrote web/dist/solvent-verifier.html", len(page), "bytes")
PY

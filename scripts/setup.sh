#!/bin/sh
# Install the Debian 12 packages LLM Workbench builds and runs with, and make
# libblas.so.3 / liblapack.so.3 resolve to OpenBLAS (LibTorch's fp32 matmul goes
# through them: reference BLAS is ~30x slower). Idempotent: installs only what
# is missing, runs `apt-get update` only when something must be installed, and
# prints what it did. Runs as root, or through sudo otherwise.
set -eu

PACKAGES="cmake ninja-build g++ pkg-config qt6-base-dev libqt6opengl6-dev qt6-charts-dev
qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libtorch-dev libgloo-dev
libhnswlib-dev libspdlog-dev libsqlite3-dev nlohmann-json3-dev libopenblas0-pthread xvfb xauth
python3-torch python3-numpy python3-sklearn fonts-wqy-microhei
libsentencepiece-dev libpoppler-cpp-dev"

ARCH_DIR=/usr/lib/x86_64-linux-gnu
OPENBLAS_DIR=$ARCH_DIR/openblas-pthread

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
elif command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
else
    echo "setup.sh: not root and sudo is not available; run as root" >&2
    exit 1
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# apt-cache policy prints "Candidate: (none)" (or nothing) for unknown names.
has_candidate() {
    apt-cache policy "$1" 2>/dev/null | grep -q "Candidate: [^(]"
}

missing=""
for p in $PACKAGES; do
    installed "$p" || missing="$missing $p"
done

if [ -z "$missing" ]; then
    echo "packages: all $(echo $PACKAGES | wc -w) already installed"
else
    echo "packages missing:$missing"
    updated=no
    for p in $missing; do
        if ! has_candidate "$p"; then
            if [ "$updated" = no ]; then
                echo "running apt-get update (no install candidate for $p)"
                $SUDO apt-get update
                updated=yes
            fi
            if ! has_candidate "$p"; then
                echo "setup.sh: package '$p' does not exist in the configured apt sources" >&2
                exit 1
            fi
        fi
    done
    echo "installing:$missing"
    # shellcheck disable=SC2086
    if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; then
        if [ "$updated" = no ]; then
            echo "install failed with the current package lists; running apt-get update and retrying"
            $SUDO apt-get update
            # shellcheck disable=SC2086
            $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
        else
            exit 1
        fi
    fi
    echo "installed:$missing"
fi

# Point an alternative at OpenBLAS when it currently resolves to anything else
# (the reference implementation under $ARCH_DIR/blas or $ARCH_DIR/lapack).
use_openblas() {
    name=$1
    lib=$2
    target=$OPENBLAS_DIR/$lib
    current=$(readlink -f "$ARCH_DIR/$lib" 2>/dev/null || true)
    if [ ! -e "$target" ]; then
        echo "setup.sh: $target not found (is libopenblas0-pthread installed?)" >&2
        exit 1
    fi
    if [ "$current" = "$(readlink -f "$target")" ]; then
        echo "$lib: already OpenBLAS ($target)"
    else
        echo "$lib: switching from ${current:-nothing} to OpenBLAS"
        $SUDO update-alternatives --set "$name" "$target"
    fi
}
use_openblas libblas.so.3-x86_64-linux-gnu libblas.so.3
use_openblas liblapack.so.3-x86_64-linux-gnu liblapack.so.3

echo "setup.sh: done"

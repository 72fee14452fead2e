# Sourced by the scripts: one shared target directory outside the work tree, so builds survive
# between clones, sessions and CI runs.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/caduceus/target}"

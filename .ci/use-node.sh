# Sourced by .ci/run and by `npm start`, `npm test` and `npm run tour`: Node 22 or later for the steps that follow. On a machine whose Node is
# older (these CI machines' system Node is 20, past its end of life), it installs Node
# ${ENGAGETRACK_CI_NODE:-24} from the npm registry's `node` package once into
# ${XDG_CACHE_HOME:-~/.cache}/engagetrack-node/<major> and puts it first on the PATH, so `npm` runs on
# it too. It says what it did in one line on stderr; on Node 22 or later it does nothing.
use_node_current=$(node --version 2>/dev/null || echo "none")
use_node_major=${use_node_current#v}
use_node_major=${use_node_major%%.*}
# POSIX sh (npm runs package.json scripts with sh, which sources this too), not only bash.
case $use_node_major in
  "" | *[!0-9]*) use_node_old=1 ;;
  *) if [ "$use_node_major" -lt 22 ]; then use_node_old=1; else use_node_old=0; fi ;;
esac
if [ "$use_node_old" = 1 ]; then
  use_node_want=${ENGAGETRACK_CI_NODE:-24}
  use_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/engagetrack-node/$use_node_want"
  use_node_how="cached in $use_node_dir"
  if [ ! -x "$use_node_dir/node_modules/node/bin/node" ]; then
    mkdir -p "$use_node_dir"
    if ! npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$use_node_dir" "node@$use_node_want" >/dev/null ||
      [ ! -x "$use_node_dir/node_modules/node/bin/node" ]; then
      echo "could not install Node $use_node_want from the npm registry's node@$use_node_want package into $use_node_dir (this machine has Node $use_node_current; the tests need 22 or 24)" >&2
      return 1 2>/dev/null || exit 1
    fi
    use_node_how="installed into $use_node_dir"
  fi
  export PATH="$use_node_dir/node_modules/node/bin:$PATH"
  echo "Node $(node --version) from the npm registry's node@$use_node_want package ($use_node_how), in place of Node $use_node_current" >&2
  unset use_node_want use_node_dir use_node_how
fi
unset use_node_current use_node_major use_node_old

# spool's env_parallel, env_parset and parset for bash, as GNU parallel's env_parallel.bash provides them.
#
#   . env_parallel.bash          # once per shell, e.g. in ~/.bashrc (the file is in spool's bin directory)
#   alias myecho=echo; greeting=hello; shout() { myecho "$greeting, $1!"; }
#   env_parallel shout ::: world you      # the jobs see the alias, the function and the variable
#   env_parallel --env greeting 'echo $greeting {}' ::: a b      # only the names given
#   parset a,b echo ::: 1 2; echo "$a $b"                        # the jobs' outputs, in variables
#   parset arr seq 3 ::: 1; echo "${arr[0]}"                     # ... or in an array
#
# env_parallel hands spool the caller's aliases, functions, variables and shell options as bash code in
# $PARALLEL_ENV; spool runs that code before each job's line, under bash (also on -S computers). With
# `--env NAME` (repeatable, or NAME,NAME) only those names go; with `--env _` every name except those
# recorded by `env_parallel --record-env` (run it in a clean shell first) or set aside by
# `env_parallel --session` (until `env_parallel --end-session`). Readonly variables and bash's own
# (BASH_*, RANDOM, PIPESTATUS, ...) never go. A job's command line, with the code, is limited to 128 KiB
# by the kernel: in a large environment, name what the jobs need with --env.
#
# parset NAMES COMMAND...: runs spool -k and sets each job's output (its last newline removed) into the
# variables NAMES (comma- or blank-separated), or into the array NAME when one name is given (the
# associative array NAME if it is declared -A, keyed by the jobs' values). parset cannot read stdin: it
# runs in the current shell, not in a pipe. Its status is spool's.

if [ -x "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/spool" ]; then
  _spool_env_PROGRAM=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/spool
else
  _spool_env_PROGRAM=spool
fi

# The names of the aliases, functions and variables this shell has, one per line.
_spool_env_names() {
  compgen -a
  compgen -A function
  compgen -A variable
}

# The names env_parallel never hands over: bash's own, readonly ones, and its own helpers'.
_spool_env_bad_name() {
  case $1 in
    _|RANDOM|SRANDOM|EPOCHSECONDS|EPOCHREALTIME|LINENO|SECONDS|TIMEOUT|GROUPS|FUNCNAME|DIRSTACK|PIPESTATUS|\
    USERNAME|BASHPID|BASHOPTS|SHELLOPTS|BASH_*|COMP_WORDBREAKS|HISTCMD|PPID|UID|EUID|PARALLEL_ENV|PARALLEL_TMP|\
    PARALLEL_IGNORED_NAMES|_spool_env_*) return 0 ;;
  esac
  [[ " $_spool_env_READONLY " == *" $1 "* ]]
}

env_parallel() {
  local _spool_env_arg _spool_env_next= _spool_env_all=1 _spool_env_underscore= _spool_env_name
  local -a _spool_env_wanted=()
  local -A _spool_env_ignored=()
  local _spool_env_dir=${PARALLEL_HOME:-$HOME/.parallel}
  local -a _spool_env_given=()
  for _spool_env_arg in "$@"; do
    if [ -n "$_spool_env_next" ]; then
      _spool_env_next=
      IFS=, read -r -a _spool_env_given <<< "$_spool_env_arg"
      _spool_env_wanted+=("${_spool_env_given[@]}")
      continue
    fi
    case $_spool_env_arg in
      --env) _spool_env_next=1 ;;
      --env=*)
        IFS=, read -r -a _spool_env_given <<< "${_spool_env_arg#--env=}"
        _spool_env_wanted+=("${_spool_env_given[@]}") ;;
      --record-env|--recordenv)
        mkdir -p -- "$_spool_env_dir" && _spool_env_names > "$_spool_env_dir/ignored_vars"
        return ;;
      --session)
        PARALLEL_IGNORED_NAMES=$(_spool_env_names | tr '\n' ' ')
        export PARALLEL_IGNORED_NAMES
        return 0 ;;
      --end-session|--endsession)
        unset PARALLEL_IGNORED_NAMES
        return 0 ;;
      --) break ;;
    esac
  done
  if [[ " ${_spool_env_wanted[*]} " == *" _ "* ]]; then
    _spool_env_underscore=1
    for _spool_env_name in "${!_spool_env_wanted[@]}"; do
      [ "${_spool_env_wanted[$_spool_env_name]}" = _ ] && unset '_spool_env_wanted[_spool_env_name]'
    done
  fi
  [ ${#_spool_env_wanted[@]} -gt 0 ] && _spool_env_all=
  if [ -n "$_spool_env_underscore" ]; then
    if [ -r "$_spool_env_dir/ignored_vars" ]; then
      while IFS= read -r _spool_env_name; do _spool_env_ignored[$_spool_env_name]=1; done < "$_spool_env_dir/ignored_vars"
    else
      echo "env_parallel: Error: Run \"env_parallel --record-env\" in a clean environment first." >&2
    fi
  fi
  for _spool_env_name in $PARALLEL_IGNORED_NAMES; do _spool_env_ignored[$_spool_env_name]=1; done
  local _spool_env_READONLY
  _spool_env_READONLY=$(readonly -p | sed -e 's/^declare -[a-zA-Z-]* \([^=]*\).*/\1/' | tr '\n' ' ')
  local -a _spool_env_aliases=() _spool_env_functions=() _spool_env_variables=()
  local _spool_env_list
  for _spool_env_list in alias function variable; do
    while IFS= read -r _spool_env_name; do
      [ -z "$_spool_env_name" ] && continue
      _spool_env_bad_name "$_spool_env_name" && continue
      [ -n "${_spool_env_ignored[$_spool_env_name]}" ] && continue
      if [ -z "$_spool_env_all" ] && [[ " ${_spool_env_wanted[*]} " != *" $_spool_env_name "* ]]; then
        continue
      fi
      case $_spool_env_list in
        alias) _spool_env_aliases+=("$_spool_env_name") ;;
        function) _spool_env_functions+=("$_spool_env_name") ;;
        variable) _spool_env_variables+=("$_spool_env_name") ;;
      esac
    done < <(compgen -A "$_spool_env_list")
  done
  local _spool_env_code
  _spool_env_code=$(
    shopt -p 2>/dev/null | sed -e 's/$/ 2>\/dev\/null/'
    echo 'shopt -s expand_aliases 2>/dev/null'
    [ ${#_spool_env_aliases[@]} -gt 0 ] && alias -- "${_spool_env_aliases[@]}"
    [ ${#_spool_env_functions[@]} -gt 0 ] && declare -f -- "${_spool_env_functions[@]}"
    [ ${#_spool_env_variables[@]} -gt 0 ] && declare -p -- "${_spool_env_variables[@]}" 2>/dev/null
    true
  )
  PARALLEL_ENV=$_spool_env_code "$_spool_env_PROGRAM" "$@"
}

_spool_parset() {
  local _spool_env_program=$1 _spool_env_target=$2 _spool_env_kind=var
  shift 2
  if [ -z "$_spool_env_target" ]; then
    echo 'parset: Error: No destination variable given.' >&2
    echo 'parset: Error: Try:' >&2
    echo 'parset: Error:   parset myarray echo ::: foo bar' >&2
    return 255
  fi
  if [[ $(declare -p -- "$_spool_env_target" 2>/dev/null) == "declare -A"* ]]; then
    _spool_env_kind=assoc
  fi
  eval "$("$_spool_env_program" -k --_parset "$_spool_env_kind,$_spool_env_target" "$@")"
}

parset() {
  _spool_parset "$_spool_env_PROGRAM" "$@"
}

env_parset() {
  _spool_parset env_parallel "$@"
}

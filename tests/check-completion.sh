#!/bin/bash
# sketchbloom-cli's bash completion completes commands, options and their
# values, and knows every option that `sketchbloom-cli --help` lists.
# Usage: check-completion.sh COMPLETION SKETCHBLOOM_CLI
set -u
completion=$1 cli=$2
helpers=/usr/share/bash-completion/bash_completion
if [ ! -f "$helpers" ]; then
  echo "SKIP: bash-completion is not installed (build-aux/dev.sh test installs it)" >&2
  exit 77
fi
. "$helpers"
. "$completion"
status=0

# complete WORD... : what completing the last word offers
complete_line() {
  COMP_WORDS=(sketchbloom-cli "$@")
  COMP_CWORD=${#COMP_WORDS[@]}
  COMP_CWORD=$((COMP_CWORD - 1))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _sketchbloom_cli sketchbloom-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  echo "${COMPREPLY[*]}"
}
expect() {   # expect WANTED WORD...
  local want=$1; shift
  local got
  got=$(complete_line "$@")
  if [ "$got" = "$want" ]; then
    echo "ok: sketchbloom-cli $* → $got"
  else
    echo "FAIL: sketchbloom-cli $* → '$got', not '$want'"; status=1
  fi
}

expect "resume" re
expect "submit status" s
expect "watercolor" --style w
expect "dashscope" --upload d
expect "1 2 3 4" -n ""
expect "" generate ""
# Every option of --help, completed from its first letters.
for option in $("$cli" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  case " $(complete_line "$option") " in
    *" $option "*) ;;
    *) echo "FAIL: $option does not complete"; status=1 ;;
  esac
done
[ $status -eq 0 ] && echo "the completion knows every command and option"
exit $status

# bash completion for vrbench(1).  Everything it offers comes from vrbench
# itself, so it cannot drift: the commands from `vrbench --commands`, each
# command's options from its `--help`, kernel names from `vrbench kernels list`.
_vrbench()
{
	local cur prev words cword cmd opts
	_init_completion || return
	if [[ $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W "$("$1" --commands 2>/dev/null) --help --version" -- "$cur"))
		return
	fi
	cmd=${words[1]}
	case $prev in
	--kernels | --kernel)
		# a comma list: complete the name after the last comma
		local names pre=
		names=$("$1" kernels list 2>/dev/null | awk 'NR > 1 { print $1 }')
		[[ $cur == *,* ]] && pre=${cur%,*},
		COMPREPLY=($(compgen -P "$pre" -W "$names" -- "${cur##*,}"))
		compopt -o nospace
		return
		;;
	--bench | --gates | --from | --output | --out | --trace)
		_filedir
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		opts=$("$1" "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case $cmd in
	ci | compare | vm | native | selftest | anchor | report | plot)
		COMPREPLY=($(compgen -W "$("$1" kernels list 2>/dev/null | awk 'NR > 1 { print $1 }')" -- "$cur"))
		_filedir -d
		;;
	*)
		_filedir
		;;
	esac
} &&
	complete -F _vrbench vrbench

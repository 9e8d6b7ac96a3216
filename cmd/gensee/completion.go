package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// completion prints a completion script for bash, zsh or fish, made from
// the command table: services, their actions, and each action's flags.
func completion(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "gensee: completion needs one shell: bash, zsh or fish\nUsage: source <(gensee completion bash)")
		return exitUsage
	}
	words := completionWords()
	switch args[0] {
	case "bash":
		bashCompletion(stdout, words)
	case "zsh":
		fmt.Fprintln(stdout, "#compdef gensee\nautoload -U +X bashcompinit && bashcompinit")
		bashCompletion(stdout, words)
	case "fish":
		fishCompletion(stdout, words)
	default:
		fmt.Fprintf(stderr, "gensee: completion: unknown shell %q (bash, zsh or fish)\n", args[0])
		return exitUsage
	}
	return exitOK
}

// completionWords maps "" to the commands, each service to its actions,
// and "service action" (and "" + "-") to flags.
func completionWords() map[string][]string {
	g := &globals{}
	gfs := flag.NewFlagSet("gensee", flag.ContinueOnError)
	g.define(gfs)
	globalFlags := flagNames(gfs)
	words := map[string][]string{"-": globalFlags}
	top := []string{"call", "completion", "fake", "help", "version"}
	for _, s := range services {
		top = append(top, s.name)
		var acts []string
		for _, a := range s.actions {
			acts = append(acts, a.name)
			fs := flag.NewFlagSet(a.name, flag.ContinueOnError)
			a.setup(&flags{fs: fs})
			words[s.name+" "+a.name] = append(flagNames(fs), globalFlags...)
		}
		words[s.name] = acts
	}
	sort.Strings(top)
	words[""] = top
	words["completion"] = []string{"bash", "fish", "zsh"}
	words["fake"] = []string{"serve"}
	return words
}

func flagNames(fs *flag.FlagSet) []string {
	var out []string
	fs.VisitAll(func(f *flag.Flag) { out = append(out, "--"+f.Name) })
	return out
}

func bashCompletion(w io.Writer, words map[string][]string) {
	fmt.Fprint(w, `# bash completion for gensee: source <(gensee completion bash)
_gensee() {
  local cur="${COMP_WORDS[COMP_CWORD]}" svc="" act="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      -*) ;;
      *) if [[ -z $svc ]]; then svc="${COMP_WORDS[i]}"; elif [[ -z $act ]]; then act="${COMP_WORDS[i]}"; fi ;;
    esac
  done
  local words
  if [[ $cur == -* ]]; then
    case "$svc $act" in
`)
	for _, k := range sortedKeys(words) {
		if strings.Contains(k, " ") {
			fmt.Fprintf(w, "      %q) words=%q ;;\n", k, strings.Join(words[k], " "))
		}
	}
	fmt.Fprintf(w, "      *) words=%q ;;\n    esac\n  else\n    case \"$svc\" in\n", strings.Join(words["-"], " "))
	fmt.Fprintf(w, "      \"\") words=%q ;;\n", strings.Join(words[""], " "))
	for _, k := range sortedKeys(words) {
		if k != "" && k != "-" && !strings.Contains(k, " ") {
			fmt.Fprintf(w, "      %q) [[ -z $act ]] && words=%q ;;\n", k, strings.Join(words[k], " "))
		}
	}
	fmt.Fprint(w, `    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _gensee gensee
`)
}

func fishCompletion(w io.Writer, words map[string][]string) {
	fmt.Fprintln(w, "# fish completion for gensee: gensee completion fish | source")
	fmt.Fprintf(w, "complete -c gensee -f -n '__fish_use_subcommand' -a %q\n", strings.Join(words[""], " "))
	for _, k := range sortedKeys(words) {
		if k == "" || k == "-" {
			continue
		}
		if svc, act, ok := strings.Cut(k, " "); ok {
			for _, f := range words[k] {
				fmt.Fprintf(w, "complete -c gensee -f -n '__fish_seen_subcommand_from %s; and __fish_seen_subcommand_from %s' -l %s\n",
					svc, act, strings.TrimPrefix(f, "--"))
			}
			continue
		}
		fmt.Fprintf(w, "complete -c gensee -f -n '__fish_seen_subcommand_from %s' -a %q\n", k, strings.Join(words[k], " "))
	}
}

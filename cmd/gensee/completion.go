package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// completion prints a completion script for bash, zsh or fish, made from
// the command table and the help: every command (services and their
// actions, the lifecycle commands, call, fake serve), every flag of each,
// and the values of --format (-o).
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

// completionWords maps "" to the commands, each command to its
// subcommands (a service's actions, "serve" of events and fake, "play" of
// class), "command subcommand" to that command's flags, and "-" to the
// global flags. A command without subcommands ("join-url", "call") has its
// flags under "command " (with the space).
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
	// The commands that parse their own flags: their flags are read off
	// their --help, the same text a user sees.
	for name := range lifeCommands {
		top = append(top, name)
		sub := map[string]string{"events": "serve", "class": "play"}[name]
		args := []string{"--help"}
		if sub != "" {
			args = []string{sub, "--help"}
			words[name] = []string{sub}
		}
		var out bytes.Buffer
		lifeCommands[name].run(context.Background(), &globals{}, args, &out, io.Discard, func(string) string { return "" })
		words[name+" "+sub] = append(helpFlags(out.String()), globalFlags...)
	}
	var out bytes.Buffer
	runFake(context.Background(), []string{"serve", "--help"}, &out, io.Discard)
	words["fake"] = []string{"serve"}
	words["fake serve"] = helpFlags(out.String())
	words["call "] = globalFlags
	// probe and record: their flags from their help too.
	for _, name := range []string{"probe", "record"} {
		top = append(top, name)
		var out bytes.Buffer
		run(context.Background(), []string{name, "--help"}, nil, &out, io.Discard, func(string) string { return "" })
		words[name+" "] = append(helpFlags(out.String()), globalFlags...)
	}
	sort.Strings(top)
	words[""] = top
	words["completion"] = []string{"bash", "fish", "zsh"}
	words["help"] = services2names()
	return words
}

// services2names lists the services, for "gensee help <service>".
func services2names() []string {
	var out []string
	for _, s := range services {
		out = append(out, s.name)
	}
	return out
}

// helpFlag is a flag's line in the house help format: two spaces, then
// the flag with two dashes.
var helpFlag = regexp.MustCompile(`(?m)^  (--[a-z0-9][a-z0-9-]*)`)

// helpFlags returns the flags a help text lists.
func helpFlags(help string) []string {
	var out []string
	for _, m := range helpFlag.FindAllStringSubmatch(help, -1) {
		out = append(out, m[1])
	}
	return out
}

func flagNames(fs *flag.FlagSet) []string {
	var out []string
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) == 1 {
			out = append(out, "-"+f.Name)
			return
		}
		out = append(out, "--"+f.Name)
	})
	return out
}

func bashCompletion(w io.Writer, words map[string][]string) {
	fmt.Fprintf(w, `# bash completion for gensee: source <(gensee completion bash)
_gensee() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" svc="" act="" i
  case "$prev" in
    -o|--format) COMPREPLY=($(compgen -W %q -- "$cur")); return ;;
  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      -*) ;;
      *) if [[ -z $svc ]]; then svc="${COMP_WORDS[i]}"; elif [[ -z $act ]]; then act="${COMP_WORDS[i]}"; fi ;;
    esac
  done
  case "$svc" in
    join-url|call|probe|record) act="" ;; # no subcommand: every word after is a value
  esac
  local words
  if [[ $cur == -* ]]; then
    case "$svc $act" in
`, strings.Join(formats, " "))
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
	fmt.Fprintf(w, "complete -c gensee -f -s o -l format -x -a %q\n", strings.Join(formats, " "))
	for _, k := range sortedKeys(words) {
		if k == "" || k == "-" {
			continue
		}
		if svc, act, ok := strings.Cut(k, " "); ok {
			cond := "__fish_seen_subcommand_from " + svc
			if act != "" {
				cond += "; and __fish_seen_subcommand_from " + act
			}
			for _, f := range words[k] {
				if strings.HasPrefix(f, "--") {
					fmt.Fprintf(w, "complete -c gensee -f -n '%s' -l %s\n", cond, strings.TrimPrefix(f, "--"))
				}
			}
			continue
		}
		fmt.Fprintf(w, "complete -c gensee -f -n '__fish_seen_subcommand_from %s' -a %q\n", k, strings.Join(words[k], " "))
	}
}

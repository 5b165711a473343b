/** What completion needs of a command: its path words and its option names. */
export interface CompletableCommand {
  readonly path: readonly string[];
  readonly options: readonly string[];
}

/** The command tree: the words that may follow each path, and the options of each command. */
interface CompletionTable {
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly options: ReadonlyMap<string, readonly string[]>;
}

const WORD = /^[a-z][a-z0-9-]*$/;
const OPTION_NAME = /^--?[A-Za-z][\w-]*$/;

/**
 * From clipanion's `cli.definitions()`: a path `whatsnext jobs add <task> [--json]` gives the words
 * `jobs add`; an option definition `-p,--port #0` gives `-p` and `--port`. A command whose path is
 * an option (`-V`, `--help`) is an option of the bare `whatsnext`.
 */
export const completableCommands = (definitions: readonly { readonly path: string; readonly options: readonly { readonly definition: string }[] }[]): CompletableCommand[] =>
  definitions.map((definition) => {
    const words = definition.path.split(/\s+/).slice(1);
    const firstNonWord = words.findIndex((word) => !WORD.test(word));
    const path = firstNonWord === -1 ? words : words.slice(0, firstNonWord);
    const options = definition.options.flatMap((option) => (option.definition.split(/\s/)[0] ?? '').split(',')).filter((name) => OPTION_NAME.test(name));
    // Clipanion names a command by its first path only: `-V` stands for the version's -V, -v and --version.
    const pathOptions = path.length === 0 ? [...words.filter((word) => OPTION_NAME.test(word)), '--help', '--version'] : [];
    return { path, options: [...new Set([...pathOptions, ...options, ...(path.length > 0 ? ['--help'] : [])])] };
  });

const tableOf = (commands: readonly CompletableCommand[]): CompletionTable => {
  const children = new Map<string, string[]>();
  const options = new Map<string, string[]>();
  for (const command of commands) {
    for (let depth = 0; depth < command.path.length; depth++) {
      const parent = command.path.slice(0, depth).join(' ');
      const siblings = children.get(parent) ?? [];
      if (!siblings.includes(command.path[depth]!)) siblings.push(command.path[depth]!);
      children.set(parent, siblings);
    }
    const key = command.path.join(' ');
    options.set(key, [...new Set([...(options.get(key) ?? []), ...command.options])]);
  }
  return { children, options };
};

/** A shell `case` printing the words of each path (the keys and words are [a-z0-9-] and option names only). */
const caseFunction = (name: string, entries: ReadonlyMap<string, readonly string[]>): string =>
  [`${name}() {`, '  case "$1" in', ...[...entries].sort(([a], [b]) => a.localeCompare(b)).map(([key, words]) => `    "${key}") echo "${[...words].sort().join(' ')}" ;;`), '  esac', '}'].join('\n');

/** A bash completion script: `source <(whatsnext completion bash)`. */
export const bashCompletion = (binary: string, commands: readonly CompletableCommand[], aliases: readonly string[] = []): string => {
  const table = tableOf(commands);
  return `# bash completion for ${binary}: add \`source <(${binary} completion bash)\` to ~/.bashrc
${caseFunction(`_${binary}_subcommands`, table.children)}
${caseFunction(`_${binary}_options`, table.options)}
_${binary}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ " $(_${binary}_subcommands "$cmdpath") " == *" $word "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$word"; else break; fi
  done
  local candidates
  if [[ "$cur" == -* ]]; then candidates="$(_${binary}_options "$cmdpath")"; else candidates="$(_${binary}_subcommands "$cmdpath")"; fi
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _${binary} ${[binary, ...aliases].join(' ')}
`;
};

/** A zsh completion script: `source <(whatsnext completion zsh)` after compinit, or saved as _whatsnext in $fpath. */
export const zshCompletion = (binary: string, commands: readonly CompletableCommand[], aliases: readonly string[] = []): string => {
  const table = tableOf(commands);
  return `#compdef ${[binary, ...aliases].join(' ')}
# zsh completion for ${binary}: add \`source <(${binary} completion zsh)\` to ~/.zshrc (after compinit)
${caseFunction(`_${binary}_subcommands`, table.children)}
${caseFunction(`_${binary}_options`, table.options)}
_${binary}() {
  local cmdpath="" word i
  local -a candidates
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if [[ " $(_${binary}_subcommands "$cmdpath") " == *" $word "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$word"; else break; fi
  done
  if [[ "\${words[CURRENT]}" == -* ]]; then candidates=(\${=$(_${binary}_options "$cmdpath")}); else candidates=(\${=$(_${binary}_subcommands "$cmdpath")}); fi
  if (( \${#candidates} )); then compadd -- "\${candidates[@]}"; else _files; fi
}
if [[ "\${funcstack[1]}" == "_${binary}" ]]; then _${binary} "$@"; else compdef _${binary} ${[binary, ...aliases].join(' ')}; fi
`;
};

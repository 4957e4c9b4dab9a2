#include "completions.hpp"

#include "error.hpp"

#include <fmt/core.h>

namespace rwc {

namespace {

// bash: bash-completion's conventions (a `complete -F` function; `_command_offset`, when
// bash-completion is loaded, completes COMMAND's own arguments as for that command).
constexpr std::string_view k_bash = R"(# bash completion for run-with-cuda (run-with-cuda --completions bash)
_run_with_cuda() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} i
    local opts="-c --config --no-config -p --python --print-env --dry-run --doctor --json --init --install-hook --remove-hook --install-kernel --remove-kernel --name --display-name --user --sys-prefix --prefix --force --install-shim --make-launcher --gui -v --verbose --completions --version -h --help"
    # The first word that is not an option (or the one after --) is COMMAND.
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --) ((i++)); break ;;
            -c|--config|-p|--python|--completions|--remove-kernel|--name|--display-name|--prefix|--install-shim|--make-launcher) ((i++)) ;;
            --print-env)
                case ${COMP_WORDS[i+1]} in sh|fish|powershell|cmd|dotenv|json) ((i++)) ;; esac ;;
            -*) ;;
            *) break ;;
        esac
    done
    if ((i < COMP_CWORD)); then
        if declare -F _command_offset >/dev/null; then
            _command_offset "$i"
        else
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return
    fi
    if ((i == COMP_CWORD)) && [[ ${COMP_WORDS[i-1]} == -- ]]; then
        COMPREPLY=($(compgen -c -- "$cur"))
        return
    fi
    case $prev in
        -c|--config|-p|--python) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --prefix|--install-shim) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --remove-kernel|--name|--display-name|--make-launcher) return ;;
        --completions) COMPREPLY=($(compgen -W "bash zsh fish powershell" -- "$cur")); return ;;
        --print-env)
            if [[ $cur != -* ]]; then
                COMPREPLY=($(compgen -W "sh fish powershell cmd dotenv json" -- "$cur"))
                return
            fi ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -c -- "$cur"))
    fi
}
complete -o bashdefault -o default -F _run_with_cuda run-with-cuda
)";

// zsh: an _arguments spec; as a file named _run-with-cuda on $fpath it is autoloaded
// (#compdef), and `source <(run-with-cuda --completions zsh)` registers it with compdef.
constexpr std::string_view k_zsh = R"(#compdef run-with-cuda
# zsh completion for run-with-cuda (run-with-cuda --completions zsh)
_run-with-cuda() {
    _arguments -s -S \
        '(-c --config --no-config)'{-c,--config}'[use this config file]:config file:_files' \
        '(-c --config)--no-config[use no config file]' \
        '(-p --python)'{-p,--python}'[the interpreter, or the environment root]:interpreter or environment:_files' \
        '--print-env[print the variables that would change and exit]::format:(sh fish powershell cmd dotenv json)' \
        '--dry-run[print the program, its argv and the changes; start nothing]' \
        '--doctor[diagnose the environment and exit]' \
        '--json[with --doctor: JSON output]' \
        '--init[write a commented starter run-with-cuda.toml]' \
        '--install-hook[put the start-up hook into the environment]' \
        '--remove-hook[take the start-up hook out again]' \
        '--install-kernel[write a Jupyter kernelspec that starts ipykernel through the launcher]' \
        '--remove-kernel[take a kernelspec out again]:kernel name:' \
        '--name[the kernelspec name]:kernel name:' \
        '--display-name[the kernel name Jupyter shows]:display name:' \
        '(--sys-prefix --prefix)--user[the kernelspec in the Jupyter user data folder]' \
        '(--user --prefix)--sys-prefix[the kernelspec in the environment]' \
        '(--user --sys-prefix)--prefix[the kernelspec in DIR/share/jupyter]:prefix:_files -/' \
        '--force[replace a kernelspec of that name]' \
        '--install-shim[write an interpreter shim for IDEs]:shim folder:_files -/' \
        '--make-launcher[write an app entry point: NAME and NAME.toml]:launcher name:' \
        '--gui[with --make-launcher: no console window]' \
        '(-v --verbose)'{-v,--verbose}'[explain each decision on stderr]' \
        '--completions[print a shell completion script]:shell:(bash zsh fish powershell)' \
        '(- *)--version[print the version and exit]' \
        '(- *)'{-h,--help}'[print the help and exit]' \
        '*::command and arguments:_normal'
}
if [ "$funcstack[1]" = "_run-with-cuda" ]; then
    _run-with-cuda "$@"
else
    compdef _run-with-cuda run-with-cuda
fi
)";

// fish: `complete` lines; __fish_complete_subcommand completes COMMAND and its arguments,
// skipping the options that take a value.
constexpr std::string_view k_fish = R"(# fish completion for run-with-cuda (run-with-cuda --completions fish)
complete -c run-with-cuda -s c -l config -r -F -d 'Use this config file'
complete -c run-with-cuda -l no-config -d 'Use no config file'
complete -c run-with-cuda -s p -l python -r -F -d 'The interpreter, or the environment root'
complete -c run-with-cuda -l print-env -d 'Print the variables that would change and exit'
complete -c run-with-cuda -n '__fish_prev_arg_in --print-env' -f -a 'sh fish powershell cmd dotenv json' -d 'Output format'
complete -c run-with-cuda -l dry-run -d 'Print the program, its argv and the changes'
complete -c run-with-cuda -l doctor -d 'Diagnose the environment and exit'
complete -c run-with-cuda -l json -d 'With --doctor: JSON output'
complete -c run-with-cuda -l init -d 'Write a commented starter run-with-cuda.toml'
complete -c run-with-cuda -l install-hook -d 'Put the start-up hook into the environment'
complete -c run-with-cuda -l remove-hook -d 'Take the start-up hook out again'
complete -c run-with-cuda -l install-kernel -d 'Write a Jupyter kernelspec that starts ipykernel through the launcher'
complete -c run-with-cuda -l remove-kernel -x -d 'Take a kernelspec out again'
complete -c run-with-cuda -l name -x -d 'The kernelspec name'
complete -c run-with-cuda -l display-name -x -d 'The kernel name Jupyter shows'
complete -c run-with-cuda -l user -d 'The kernelspec in the Jupyter user data folder'
complete -c run-with-cuda -l sys-prefix -d 'The kernelspec in the environment'
complete -c run-with-cuda -l prefix -x -a '(__fish_complete_directories)' -d 'The kernelspec in DIR/share/jupyter'
complete -c run-with-cuda -l force -d 'Replace a kernelspec of that name'
complete -c run-with-cuda -l install-shim -r -a '(__fish_complete_directories)' -d 'Write an interpreter shim for IDEs'
complete -c run-with-cuda -l make-launcher -x -d 'Write an app entry point: NAME and NAME.toml'
complete -c run-with-cuda -l gui -d 'With --make-launcher: no console window'
complete -c run-with-cuda -s v -l verbose -d 'Explain each decision on stderr'
complete -c run-with-cuda -l completions -x -a 'bash zsh fish powershell' -d 'Print a shell completion script'
complete -c run-with-cuda -l version -d 'Print the version and exit'
complete -c run-with-cuda -s h -l help -d 'Print the help and exit'
complete -c run-with-cuda -n 'not __fish_prev_arg_in -c --config -p --python --completions --remove-kernel --name --display-name --prefix --install-shim --make-launcher' -x -a '(__fish_complete_subcommand -c --config -p --python --completions --remove-kernel --name --display-name --prefix --install-shim --make-launcher)'
)";

// PowerShell: a native-command argument completer (Register-ArgumentCompleter -Native);
// load it with `run-with-cuda --completions powershell | Out-String | Invoke-Expression`.
constexpr std::string_view k_powershell =
    R"(# PowerShell completion for run-with-cuda (run-with-cuda --completions powershell)
Register-ArgumentCompleter -Native -CommandName @('run-with-cuda', 'run-with-cuda.exe', 'run-with-cuda-w', 'run-with-cuda-w.exe') -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $options = @('-c', '--config', '--no-config', '-p', '--python', '--print-env', '--dry-run', '--doctor',
                 '--json', '--init', '--install-hook', '--remove-hook', '--install-kernel', '--remove-kernel',
                 '--name', '--display-name', '--user', '--sys-prefix', '--prefix', '--force', '--install-shim',
                 '--make-launcher', '--gui', '-v', '--verbose', '--completions', '--version', '-h', '--help')
    $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } |
               ForEach-Object { $_.ToString() })
    $previous = if ($words.Count -gt 1) { $words[-1] } else { '' }
    $values = switch ($previous) {
        '--print-env' { @('sh', 'fish', 'powershell', 'cmd', 'dotenv', 'json') }
        '--completions' { @('bash', 'zsh', 'fish', 'powershell') }
        default { if ($wordToComplete -like '-*') { $options } else { @() } }
    }
    $values | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
)";

} // namespace

std::optional<std::string_view> completion_script(std::string_view shell)
{
    if (shell == "bash") {
        return k_bash;
    }
    if (shell == "zsh") {
        return k_zsh;
    }
    if (shell == "fish") {
        return k_fish;
    }
    if (shell == "powershell") {
        return k_powershell;
    }
    return std::nullopt;
}

std::string_view completion_shells()
{
    return "bash, zsh, fish, powershell";
}

int print_completions(std::string_view shell)
{
    const auto script = completion_script(shell);
    if (!script) {
        throw Failure(k_exit_usage, fmt::format("--completions: unknown shell '{}' ({})", shell, completion_shells()));
    }
    fmt::print("{}", *script);
    return 0;
}

} // namespace rwc

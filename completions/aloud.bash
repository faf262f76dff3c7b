# bash completion for aloud(1): commands, each command's options, and
# files where a file is wanted. Installed by meson into bash-completion's
# completions directory.
_aloud()
{
    local cur prev words cword
    _init_completion || return

    local commands="fetch build extract script normalise say serve voices help"
    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local command=${words[1]} opts=""
    case $command in
    fetch) opts="-C --quiet -q --help" ;;
    build) opts="-C --jobs -j --cache --shard --assemble --watch --quiet -q --help" ;;
    extract) opts="--type --format --output-dir -d --help" ;;
    script) opts="--type --format --voice --voices --help" ;;
    normalise) opts="-C --lang --voices --help" ;;
    say) opts="--type --voice --voices --output -o --wav --podcast --cover --bitrate
               --sample-rate --quality --loudness --timeline --stats --help" ;;
    serve) opts="-C --port --host --help" ;;
    voices) opts="--voices --help" ;;
    help)
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return
        ;;
    esac
    case $prev in
    -C | --cache | --output-dir | -d | --voices)
        _filedir -d
        return
        ;;
    --type)
        COMPREPLY=($(compgen -W "html md" -- "$cur"))
        return
        ;;
    --format)
        COMPREPLY=($(compgen -W "text json" -- "$cur"))
        return
        ;;
    -o | --output)
        _filedir '@(mp3|wav|epub|zip)'
        return
        ;;
    --wav)
        _filedir wav
        return
        ;;
    --cover)
        _filedir '@(png|jpg|jpeg)'
        return
        ;;
    --timeline)
        _filedir json
        return
        ;;
    --voice)
        local dir=voices
        [[ -d $dir ]] || dir=/usr/share/aloud/voices
        COMPREPLY=($(compgen -W "$(ls "$dir" 2>/dev/null | sed -n 's/\.ini$//p' | grep -v '\.lexicon$')" -- "$cur"))
        return
        ;;
    -j | --jobs | --shard | --port | --host | --lang | --podcast | --bitrate | --sample-rate | \
        --quality | --loudness)
        return
        ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ $command == extract || $command == script || $command == say ]]; then
        _filedir '@(html|htm|md)'
    elif [[ $command == normalise ]]; then
        _filedir
    fi
} &&
    complete -F _aloud aloud

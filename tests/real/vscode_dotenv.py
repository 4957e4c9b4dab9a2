"""VS Code's Python extension's .env reader, by its rules (microsoft/vscode-python,
src/client/common/variables/environment.ts: parseEnvFile, parseEnvLine, substituteEnvVars),
for the tests of --print-env dotenv: a line is NAME=VALUE with NAME _*[A-Za-z]\\w*; the value
is trimmed; quotes at both ends (' or ") are stripped, and inside them the two characters
\\n become a newline; then ${NAME} (not after a backslash) is replaced by an earlier
variable of the file or of base (missing: empty), unless the value holds a malformed ${...};
last, \\$ becomes $."""
import re

_LINE = re.compile(r"^\s*(_*[a-zA-Z]\w*)\s*=\s*(.*?)?\s*$")
_SUBST = re.compile(r"\$\{([a-zA-Z]\w*)?([^}\w].*)?\}")


def _substitute(value, local, base):
    invalid = False

    def replace(match):
        nonlocal invalid
        if match.start() > 0 and value[match.start() - 1] == "\\":
            return match.group(0)
        if match.group(2) or not match.group(1):
            invalid = True
            return match.group(0)
        return local.get(match.group(1)) or base.get(match.group(1)) or ""

    replaced = _SUBST.sub(replace, value)
    if not invalid:
        value = replaced
    return value.replace("\\$", "$")


def parse(text, base=None):
    """NAME -> value as VS Code's Python extension reads the .env text."""
    out = {}
    for line in text.split("\n"):
        match = _LINE.match(line)
        if not match:
            continue
        value = match.group(2) or ""
        if len(value) >= 1 and value[0] in "'\"" and value[-1] == value[0]:
            value = value[1:-1].replace("\\n", "\n")
        out[match.group(1)] = _substitute(value, out, base or {})
    return out

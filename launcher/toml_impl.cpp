// toml++ compiled once, here (docs/design.md, "Dependencies and build": its header-only mode
// costs seconds per file). Every other file is built with TOML_HEADER_ONLY=0.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>

// A process environment as an ordered list of NAME=value entries, with the name rules of
// the target OS: case-sensitive on Linux, case-insensitive and spelling-preserving on
// Windows (where "Path" is PATH). Pure: reading the real environment is in host.hpp.
#pragma once

#include "target_os.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rwc {

/// An environment block. Names and values are UTF-8 strings (bytes on Linux).
class Environment {
  public:
    using Entry = std::pair<std::string, std::string>;

    explicit Environment(TargetOs os = k_host_os) : m_os(os) {}

    /// Builds from "NAME=value" strings (envp shape); strings without '=' and later
    /// duplicates of a name are dropped (the first wins, as getenv() sees it).
    static Environment from_strings(const std::vector<std::string>& entries, TargetOs os);

    TargetOs os() const noexcept { return m_os; }

    /// The value of name, or nullopt when unset (an empty value is set).
    std::optional<std::string> get(std::string_view name) const;

    /// Sets name to value; an existing entry keeps its position and spelling.
    void set(std::string_view name, std::string value);

    /// Removes name; returns whether it was set.
    bool unset(std::string_view name);

    /// True when a and b name the same variable on this OS.
    bool same_name(std::string_view a, std::string_view b) const;

    /// The existing spelling of name ("Path" for PATH on Windows), or name itself.
    std::string spelling(std::string_view name) const;

    const std::vector<Entry>& entries() const noexcept { return m_entries; }

    /// "NAME=value" strings in order, for execve() or an environment block.
    std::vector<std::string> to_strings() const;

  private:
    std::vector<Entry>::const_iterator find(std::string_view name) const;
    /// The index key of name: itself on Linux, ASCII upper case on Windows.
    std::string key(std::string_view name) const;
    void rebuild_index();

    TargetOs m_os;
    std::vector<Entry> m_entries;
    /// key(name) -> position in m_entries: constant-time lookups, so that an environment of
    /// 100,000 variables costs linear time to read and change.
    std::unordered_map<std::string, std::size_t> m_index;
};

} // namespace rwc

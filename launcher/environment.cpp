#include "environment.hpp"

#include <algorithm>

namespace rwc {

namespace {

char ascii_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

} // namespace

Environment Environment::from_strings(const std::vector<std::string>& entries, TargetOs os)
{
    Environment env(os);
    // Sized once: growing by doubling moved 100,000 entries and rehashed the index ~17 times.
    env.m_entries.reserve(entries.size());
    env.m_index.reserve(entries.size());
    for (const auto& entry : entries) {
        // Windows keeps per-drive cwd entries such as "=C:=C:\x": the name starts with '='.
        const auto eq = entry.find('=', os == TargetOs::windows ? 1 : 0);
        if (eq == std::string::npos || eq == 0) {
            continue;
        }
        std::string name = entry.substr(0, eq);
        if (env.m_index.emplace(env.key(name), env.m_entries.size()).second) {
            env.m_entries.emplace_back(std::move(name), entry.substr(eq + 1));
        }
    }
    return env;
}

bool Environment::same_name(std::string_view a, std::string_view b) const
{
    if (m_os != TargetOs::windows) {
        return a == b;
    }
    // Windows compares variable names case-insensitively (GetEnvironmentVariableW).
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_upper(x) == ascii_upper(y); });
}

std::string Environment::key(std::string_view name) const
{
    std::string out(name);
    if (m_os == TargetOs::windows) {
        std::transform(out.begin(), out.end(), out.begin(), ascii_upper);
    }
    return out;
}

void Environment::rebuild_index()
{
    m_index.clear();
    m_index.reserve(m_entries.size());
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        m_index.emplace(key(m_entries[i].first), i);
    }
}

std::vector<Environment::Entry>::const_iterator Environment::find(std::string_view name) const
{
    const auto it = m_index.find(key(name));
    return it == m_index.end() ? m_entries.end() : m_entries.begin() + static_cast<std::ptrdiff_t>(it->second);
}

std::optional<std::string> Environment::get(std::string_view name) const
{
    const auto it = find(name);
    if (it == m_entries.end()) {
        return std::nullopt;
    }
    return it->second;
}

void Environment::set(std::string_view name, std::string value)
{
    const auto it = find(name);
    if (it == m_entries.end()) {
        m_index.emplace(key(name), m_entries.size());
        m_entries.emplace_back(std::string(name), std::move(value));
        return;
    }
    m_entries[static_cast<std::size_t>(it - m_entries.begin())].second = std::move(value);
}

bool Environment::unset(std::string_view name)
{
    const auto it = find(name);
    if (it == m_entries.end()) {
        return false;
    }
    m_entries.erase(it);
    rebuild_index(); // positions after it moved; unset is rare (the config's [env] unset list)
    return true;
}

std::string Environment::spelling(std::string_view name) const
{
    const auto it = find(name);
    return it == m_entries.end() ? std::string(name) : it->first;
}

std::vector<std::string> Environment::to_strings() const
{
    std::vector<std::string> out;
    out.reserve(m_entries.size());
    for (const auto& [name, value] : m_entries) {
        std::string entry;
        entry.reserve(name.size() + 1 + value.size());
        entry.append(name).append(1, '=').append(value);
        out.push_back(std::move(entry));
    }
    return out;
}

} // namespace rwc

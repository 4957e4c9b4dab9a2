// The one result type of the functions below the pipeline's stages: a value or an Error,
// never an exception. Only the stages (config, python_env, env_plan, program lookup as
// called by app.cpp) turn an Error into a Failure (error.hpp); docs/design.md, "Style".
// A small stand-in for C++23's std::expected, which the project's C++17 compilers lack.
#pragma once

#include "error.hpp"

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace rwc {

/// Why a non-throwing call failed: one line of text without the "run-with-cuda: error: "
/// prefix ("no such file", "timed out after 2000 ms"), and the exit status (ExitStatus) a
/// stage uses when it turns this into a Failure.
struct Error {
    std::string message;
    int exit_status = k_exit_failure;
};

/// A T or an Error. Reading value() of an Error (or error() of a value) is a bug (asserted).
template <typename T> class [[nodiscard]] Expected {
  public:
    Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Expected(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const noexcept { return m_state.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() &
    {
        assert(has_value());
        return std::get<0>(m_state);
    }
    const T& value() const&
    {
        assert(has_value());
        return std::get<0>(m_state);
    }
    T&& value() &&
    {
        assert(has_value());
        return std::get<0>(std::move(m_state));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    /// The value, or fallback when this holds an Error.
    template <typename U> T value_or(U&& fallback) const&
    {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

    const Error& error() const
    {
        assert(!has_value());
        return std::get<1>(m_state);
    }

    /// For a stage: the value, or throws Failure(error().exit_status, context + error().message).
    T value_or_throw(const std::string& context = {}) &&
    {
        if (!has_value()) {
            throw Failure(error().exit_status, context + error().message);
        }
        return std::move(*this).value();
    }

  private:
    std::variant<T, Error> m_state;
};

/// The value of a call that returns nothing but may fail.
struct Done {};

/// Success (no value) or an Error.
using Status = Expected<Done>;

} // namespace rwc

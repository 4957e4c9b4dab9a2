// The findings of --doctor: a pure function of the facts (facts.hpp) and docs/compat.md's
// version tables, each with a stable code (config/doctor-schema.md) and one actionable sentence.
#pragma once

#include "doctor/facts.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rwc {

/// How bad a finding is: any error makes --doctor exit 1.
enum class Severity { error, warning, info };

/// "error", "warning", "info".
const char* severity_name(Severity severity);

/// One diagnosis: a stable code (kebab-case, listed in config/doctor-schema.md) and one
/// actionable sentence.
struct Finding {
    Severity severity;
    std::string code;
    std::string message;
};

/// docs/compat.md's tables (config/compat.json, compiled in): the parts the findings use.
struct CompatTables {
    std::vector<std::pair<std::string, std::string>> torch_triton;   ///< torch -> triton
    std::vector<std::pair<std::string, std::string>> torch_cudnn;    ///< torch -> cudnn version
    std::vector<std::pair<std::string, std::string>> xformers_torch; ///< xformers -> torch
    std::vector<std::string> xformers_bad;                           ///< "buggy, don't use"
    std::vector<std::pair<std::string, std::vector<std::string>>> flash_attn_torch;
    std::vector<std::string> sources;
};

/// Parses compat.json text (config/compat.json's shape); throws std::exception when malformed.
CompatTables parse_compat_tables(std::string_view json_text);

/// The tables compiled in from config/compat.json, parsed on first use.
/// Throws std::exception (nlohmann's message) when a row has the wrong shape; the build
/// refuses a compat.json that is not JSON or lacks a table, and a unit test parses it.
const CompatTables& compat_tables();

/// The framework rules of diagnose(): torch's pins, CUDA label and cuDNN; Triton and ptxas;
/// xFormers and FlashAttention vs torch (metadata first, then compat's docs/compat.md tables).
/// Appends to out in rule order; pure.
void diagnose_frameworks(const DoctorFacts& facts, const CompatTables& compat, std::vector<Finding>& out);

/// The findings for facts, errors first, then warnings, then infos, each group in rule
/// order. Pure; the rules and codes are listed in config/doctor-schema.md.
std::vector<Finding> diagnose(const DoctorFacts& facts, const CompatTables& compat);

} // namespace rwc

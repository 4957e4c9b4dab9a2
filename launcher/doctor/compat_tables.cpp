// docs/compat.md's tables as data: config/compat.json, compiled in (compat_data.cpp.in),
// parsed on first use by --doctor only.
#include "doctor/findings.hpp"

#include <nlohmann/json.hpp>

namespace rwc {

extern const char* const k_compat_json; // compat_data.cpp, generated from compat_data.cpp.in

namespace {

using nlohmann::json;

/// The "rows" array of table name, or an empty array when absent.
const json& rows(const json& root, const char* table)
{
    static const json k_empty = json::array();
    const auto it = root.find(table);
    if (it == root.end() || !it->is_object() || !it->contains("rows") || !(*it)["rows"].is_array()) {
        return k_empty;
    }
    return (*it)["rows"];
}

} // namespace

CompatTables parse_compat_tables(std::string_view json_text)
{
    const json root = json::parse(json_text.begin(), json_text.end());
    CompatTables t;
    for (const auto& row : rows(root, "torch_triton")) {
        t.torch_triton.emplace_back(row.at("torch").get<std::string>(), row.at("triton").get<std::string>());
    }
    for (const auto& row : rows(root, "torch_cuda_libraries")) {
        t.torch_cudnn.emplace_back(row.at("torch").get<std::string>(), row.at("cudnn").get<std::string>());
    }
    for (const auto& row : rows(root, "xformers_torch")) {
        t.xformers_torch.emplace_back(row.at("xformers").get<std::string>(), row.at("torch").get<std::string>());
        if (row.value("note", std::string()).find("don't use") != std::string::npos) {
            t.xformers_bad.push_back(row.at("xformers").get<std::string>());
        }
    }
    for (const auto& row : rows(root, "flash_attn_torch")) {
        t.flash_attn_torch.emplace_back(row.at("flash-attn").get<std::string>(),
                                        row.at("torch").get<std::vector<std::string>>());
    }
    for (const auto& source : root.value("sources", json::array())) {
        t.sources.push_back(source.get<std::string>());
    }
    return t;
}

const CompatTables& compat_tables()
{
    // The build checked that the file is JSON with these tables (launcher/doctor/CMakeLists.txt);
    // a row of the wrong shape throws, and --doctor then fails with the parser's message.
    static const CompatTables k_tables = parse_compat_tables(k_compat_json);
    return k_tables;
}

} // namespace rwc

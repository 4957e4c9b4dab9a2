// The renderings of --doctor: the human report and the JSON report, pure functions of the
// facts and the findings, and the exit status they state.
#pragma once

#include "doctor/facts.hpp"
#include "doctor/findings.hpp"

#include <string>
#include <vector>

namespace rwc {

/// The human report: aligned sections, a findings list and a summary line; ANSI colour
/// only when colour is true. Ends with a newline.
std::string render_doctor_text(const DoctorFacts& facts, const std::vector<Finding>& findings, bool colour);

/// The JSON report (config/doctor-schema.md, schema_version 1), one object and a newline.
std::string render_doctor_json(const DoctorFacts& facts, const std::vector<Finding>& findings);

/// 1 when a finding is an error, else 0 (docs/design.md, "--doctor").
int doctor_exit_status(const std::vector<Finding>& findings);

} // namespace rwc

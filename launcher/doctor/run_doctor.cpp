// --doctor: collect the facts from the pipeline's results and the host probes, diagnose,
// print. Nothing here runs on the normal launch path (app.cpp calls it only for --doctor).
#include "doctor/run_doctor.hpp"

#include "doctor/facts.hpp"
#include "doctor/findings.hpp"
#include "doctor/probes.hpp"
#include "doctor/report.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <vector>

namespace rwc {

int run_doctor(const DoctorInput& input, bool json)
{
    const DoctorFacts facts = collect_doctor_facts(input, host_probes());
    const std::vector<Finding> findings = diagnose(facts, compat_tables());
    if (json) {
        fmt::print("{}", render_doctor_json(facts, findings));
    } else {
        const bool colour = stdout_is_terminal() && !input.environment.get("NO_COLOR");
        fmt::print("{}", render_doctor_text(facts, findings, colour));
    }
    std::fflush(stdout);
    return doctor_exit_status(findings);
}

} // namespace rwc
